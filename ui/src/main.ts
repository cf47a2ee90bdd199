import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { runningInTauri, setApi } from './lib/api';

async function start() {
  let fakeMode = false;
  // `import.meta.env.DEV` is false in `vite build`: the branch and the fake's chunk are dropped
  // from the production bundle.
  if (import.meta.env.DEV && !runningInTauri()) {
    // A plain browser (vite dev, screenshots): run against the in-memory fake, loaded on demand.
    // `?demo` starts already set up.
    const { createFakeApi } = await import('./lib/fake-api');
    const params = new URLSearchParams(location.search);
    // The fake answers due dates and fees from the core's fixtures, which are for this morning.
    const now = () => new Date('2026-03-04T02:00:00Z');
    setApi(createFakeApi({ initialized: params.has('demo'), latencyMs: 40, now }));
    fakeMode = true;
  }
  mount(App, { target: document.getElementById('app')!, props: { fakeMode } });
}

void start();
