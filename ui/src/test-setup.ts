// Runs before every test file (vitest `setupFiles`).
import { afterEach, beforeEach } from 'vitest';
import { setApi } from './lib/api';
import { setUiLocale } from './lib/i18n.svelte';
import { resetDraft } from './lib/intake-draft.svelte';
import { setPdfRenderer } from './lib/pdf';
import { resetSession } from './lib/session.svelte';
import { resetSync } from './lib/sync.svelte';

beforeEach(() => {
  setUiLocale('vi');
  resetDraft();
  resetSync();
  resetSession();
  // jsdom has no canvas: draw a placeholder per page instead of running pdf.js.
  setPdfRenderer(async (data, container) => {
    const text = new TextDecoder().decode(data);
    if (!text.startsWith('%PDF-')) throw new Error('not a PDF');
    const pages = (text.match(/\/Type \/Page\b/g) ?? []).length;
    for (let n = 1; n <= pages; n++) {
      const el = document.createElement('div');
      el.dataset.testid = `receipt-page-${n}`;
      container.append(el);
    }
    return pages;
  });
});

afterEach(() => {
  setApi(null);
  setPdfRenderer(null);
});
