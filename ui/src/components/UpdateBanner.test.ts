import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { draft, resetDraft } from '../lib/intake-draft.svelte';
import UpdateBanner from './UpdateBanner.svelte';

const ready = {
  current: '0.1.0',
  ready: { release: { version: '0.2.0', size: 1024 }, path: '/tmp/motcua-desk_0.2.0_linux-deb.deb' },
};

function fakeInvoke(status: unknown, restart: () => Promise<unknown> = async () => null) {
  return vi.fn(async (cmd: string) => {
    if (cmd === 'update_status') return status;
    if (cmd === 'update_restart') return restart();
    throw new Error(`unexpected ${cmd}`);
  });
}

describe('update banner', () => {
  afterEach(() => resetDraft());

  it('shows nothing while no verified update waits', async () => {
    const invoke = fakeInvoke({ current: '0.1.0', ready: null });
    render(UpdateBanner, { props: { invoke } });
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('update_status'));
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('offers the restart at a quiet moment, and only then', async () => {
    const invoke = fakeInvoke(ready);
    const user = userEvent.setup();
    // A clerk is typing an intake: the banner waits, no restart button.
    draft.submitter.full_name = 'Nguyễn Văn An';
    render(UpdateBanner, { props: { invoke } });
    await waitFor(() => expect(screen.getByTestId('update-banner').textContent).toContain('0.2.0'));
    expect(screen.queryByTestId('update-restart')).toBeNull();
    expect(screen.getByTestId('update-wait').textContent).toContain('xong hồ sơ đang nhập');
    expect(draft.submitter.full_name).toBe('Nguyễn Văn An');
    // The dossier is done and the form is empty again: now it may restart.
    resetDraft();
    await waitFor(() => expect(screen.getByTestId('update-restart')).toBeTruthy());
    await user.click(screen.getByTestId('update-restart'));
    expect(invoke).toHaveBeenCalledWith('update_restart');
  });

  it('shows why an install failed and stays usable', async () => {
    const invoke = fakeInvoke(ready, async () => {
      throw { code: 'update_install_failed', message: 'Không chạy được trình cài đặt bản cập nhật: từ chối.' };
    });
    const user = userEvent.setup();
    render(UpdateBanner, { props: { invoke } });
    await waitFor(() => expect(screen.getByTestId('update-restart')).toBeTruthy());
    await user.click(screen.getByTestId('update-restart'));
    await waitFor(() => expect(screen.getByTestId('update-error').textContent).toContain('Không chạy được'));
    expect((screen.getByTestId('update-restart') as HTMLButtonElement).disabled).toBe(false);
  });
});
