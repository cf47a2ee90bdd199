/// <reference types="svelte" />
/// <reference types="vite/client" />

// locales/*.yml, turned into JSON at build time by the plugin in vite.config.ts (only `ui:` kept).
declare module '*.yml' {
  const data: { _version: number | null; ui: Record<string, unknown> };
  export default data;
}
