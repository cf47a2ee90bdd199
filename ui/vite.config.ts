/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Loads `locales/*.yml` at build time. The YAML is shared with rust-i18n; the UI keeps only the
 * `ui:` section (the lead's sections such as `error:` never reach the bundle) and ships it as JSON.
 */
function localesYaml(): Plugin {
  return {
    name: 'motcua-locales-yaml',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0];
      if (!file.endsWith('.yml') && !file.endsWith('.yaml')) return null;
      const doc = parse(readFileSync(file, 'utf8')) ?? {};
      const data = { _version: doc._version ?? null, ui: doc.ui ?? {} };
      this.addWatchFile(file);
      return { code: `export default ${JSON.stringify(data)};`, map: null };
    },
  };
}

export default defineConfig({
  // Relative base so that Tauri's custom protocol (tauri://localhost, http://tauri.localhost) loads dist/.
  base: './',
  plugins: [localesYaml(), svelte(), svelteTesting()],
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  resolve: {
    alias: { $locales: `${repoRoot}locales` },
  },
  server: {
    port: 1420,
    strictPort: true,
    fs: { allow: [here, `${repoRoot}locales`] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
  },
});
