import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { runningInTauri, setApi } from './lib/api';

async function start() {
  let fakeMode = false;
  if (!runningInTauri()) {
    // A plain browser (vite dev, screenshots): run against the in-memory fake, loaded on demand so
    // it never ships in the app's start-up path. `?demo` starts already set up.
    const { createFakeApi } = await import('./lib/fake-api');
    const params = new URLSearchParams(location.search);
    setApi(createFakeApi({ initialized: params.has('demo'), latencyMs: 40 }));
    fakeMode = true;
  }
  mount(App, { target: document.getElementById('app')!, props: { fakeMode } });
}

void start();
