import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allKeys, hasKey, locale, setUiLocale, t } from './i18n.svelte';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'bindings' ? [] : sourceFiles(p);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('i18n', () => {
  it('defaults to Vietnamese and switches to English', () => {
    expect(locale()).toBe('vi');
    expect(t('ui.intake.full_name')).toBe('Họ và tên');
    setUiLocale('en');
    expect(t('ui.intake.full_name')).toBe('Full name');
    expect(document.documentElement.lang).toBe('en');
  });

  it('fills %{name} placeholders', () => {
    expect(t('ui.today.count', { count: 3 })).toBe('3 hồ sơ');
    expect(t('ui.receipt.saved_to', { path: '/tmp/a.pdf' })).toBe('Đã lưu: /tmp/a.pdf');
  });

  it('shows the key itself for a missing string', () => {
    expect(t('ui.nope.missing')).toBe('ui.nope.missing');
  });

  it('has the same ui keys in vi.yml and en.yml', () => {
    expect(allKeys('en')).toEqual(allKeys('vi'));
    expect(allKeys('vi').length).toBeGreaterThan(100);
  });

  it('knows every ui.* key the components use, in both languages', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '..'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"`](ui\.[\w.]+)['"`]/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !hasKey('vi', k) || !hasKey('en', k));
    expect(missing).toEqual([]);
  });

  it('keeps the lead-owned sections out of the bundle', () => {
    expect(hasKey('vi', 'error.internal')).toBe(false);
  });
});
