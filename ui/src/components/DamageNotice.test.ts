import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { fakeAt } from '../lib/test-seed';
import DamageNotice from './DamageNotice.svelte';

describe('damaged database notice (issue 14, point 6)', () => {
  it('tells an administrator and names the last good backup', async () => {
    const { fake } = fakeAt();
    fake.state.integrity = {
      damaged: true,
      detail: 'HMAC check failed for pgno=42',
      last_good_backup: {
        path: '/home/mai/.local/share/motcua-desk/backups/desk-2026-12-06.sqlite',
        date: '2026-12-06',
        ok: true,
        detail: null,
        last_change: '2026-12-06T09:00:00Z',
      },
    };
    setApi(fake);
    render(DamageNotice, { props: { isAdmin: true } });
    await waitFor(() => expect(screen.getByTestId('damage-notice').textContent).toContain('bị hỏng'));
    expect(screen.getByTestId('damage-detail').textContent).toContain('pgno=42');
    expect(screen.getByTestId('damage-backup').textContent).toContain('desk-2026-12-06.sqlite');
    expect(screen.getByTestId('damage-backup').textContent).toContain('motcua restore');
  });

  it('shows nothing when the database is sound, or to a clerk', async () => {
    const { fake } = fakeAt();
    setApi(fake);
    render(DamageNotice, { props: { isAdmin: true } });
    await waitFor(() => expect(fake.state.calls.some((c) => c.name === 'integrityStatus')).toBe(true));
    expect(screen.queryByTestId('damage-notice')).toBeNull();

    fake.state.integrity = { damaged: true, detail: 'x', last_good_backup: null };
    const calls = fake.state.calls.length;
    render(DamageNotice, { props: { isAdmin: false } });
    await Promise.resolve();
    expect(fake.state.calls.slice(calls).some((c) => c.name === 'integrityStatus')).toBe(false);
    expect(screen.queryByTestId('damage-notice')).toBeNull();
  });
});
