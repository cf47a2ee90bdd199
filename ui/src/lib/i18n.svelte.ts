// UI strings come from locales/{vi,en}.yml (the `ui:` section, shared file format with rust-i18n:
// `%{name}` placeholders). Vietnamese is the default; English falls back to Vietnamese, then to the
// key itself, so a missing string is visible instead of blank.

import vi from '$locales/vi.yml';
import en from '$locales/en.yml';
import type { Locale } from './types';

type Tree = { [k: string]: unknown };

const catalogs: Record<Locale, Tree> = {
  vi: { ui: vi.ui },
  en: { ui: en.ui },
};

const current = $state<{ locale: Locale }>({ locale: 'vi' });

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

export function locale(): Locale {
  return current.locale;
}

/** Switches the UI language (reactive: every `t()` in a template re-renders). */
export function setUiLocale(l: Locale): void {
  current.locale = l;
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Tree)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Has the catalogue of `l` this exact key? (used by tests) */
export function hasKey(l: Locale, key: string): boolean {
  return lookup(catalogs[l], key) !== undefined;
}

/** All leaf keys of a catalogue, dotted (used by tests). */
export function allKeys(l: Locale): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') out.push(prefix);
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(catalogs[l], '');
  return out.sort();
}

export function t(key: string, params?: Record<string, string | number>): string {
  const l = current.locale;
  const s = lookup(catalogs[l], key) ?? lookup(catalogs.vi, key) ?? key;
  if (!params) return s;
  return s.replace(/%\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
