import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App.svelte';
import { setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import { refreshSync } from '../lib/sync.svelte';
import { fakeAt, intake } from '../lib/test-seed';
import type { AppStatus } from '../lib/types';
import Setup from './Setup.svelte';
import SyncBar from './SyncBar.svelte';
import SyncPanel from './SyncPanel.svelte';

describe('sync status bar', () => {
  it('says when the desk is not enrolled, then shows online, pending and the last success in Vietnam time', async () => {
    const { fake } = fakeAt();
    setApi(fake);
    render(SyncBar);
    await refreshSync();
    await waitFor(() => expect(screen.getByTestId('sync-online').textContent).toContain('Chưa đăng ký cổng trung tâm'));
    expect(screen.getByTestId('sync-pending').textContent).toBe('Chờ gửi: 0');

    await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
    await fake.saveIntake(intake('Trần Thị Bình', '079185000111'));
    await fake.enroll('http://127.0.0.1:8080', 'ABCD-1234', null);
    fake.state.sync.pending = 2n; // two changes made after the enrollment's first run
    await refreshSync();
    await waitFor(() => expect(screen.getByTestId('sync-online').textContent).toContain('Trực tuyến'));
    expect(screen.getByTestId('sync-pending').textContent).toBe('Chờ gửi: 2');
    // 02:00 UTC is 09:00 in Vietnam.
    expect(screen.getByTestId('sync-last-success').textContent).toContain('09:00 04/03/2026');
    expect(screen.queryByTestId('sync-last-error')).toBeNull();
  });

  it('"Đồng bộ cuối ngày" (F9) sends what waits, or says in plain words why it could not', async () => {
    const { fake, clock } = fakeAt();
    await fake.enroll('http://127.0.0.1:8080', 'ABCD-1234', null);
    setApi(fake);
    const user = userEvent.setup();
    render(App, { props: { searchDebounceMs: 0, listDebounceMs: 0, syncPollMs: 0 } });
    await screen.findByTestId('sub-name');

    await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
    fake.state.portal.reachable = false;
    clock.now = new Date('2026-03-04T10:00:00Z');
    await user.keyboard('{F9}');
    const outcome = await screen.findByTestId('sync-outcome');
    expect(outcome.dataset.ok).toBe('false');
    expect(outcome.textContent).toContain('Không kết nối được cổng trung tâm');
    expect(outcome.textContent).toContain('Còn chờ gửi 1');
    expect(screen.getByTestId('sync-online').textContent).toContain('Ngoại tuyến');
    expect(screen.getByTestId('sync-last-error').textContent).toContain('Không kết nối được cổng trung tâm');

    fake.state.portal.reachable = true;
    fake.state.portal.clock_offset_s = 900;
    await user.click(screen.getByTestId('sync-now'));
    await waitFor(() => expect(screen.getByTestId('sync-outcome').dataset.ok).toBe('true'));
    expect(screen.getByTestId('sync-outcome').textContent).toBe(
      'Đồng bộ xong lúc 17:00 04/03/2026: còn chờ gửi 0, xung đột/bị từ chối 0.',
    );
    expect(screen.getByTestId('sync-pending').textContent).toBe('Chờ gửi: 0');
    expect(screen.queryByTestId('sync-last-error')).toBeNull();
    expect(screen.getByTestId('sync-clock-warning').textContent).toContain('chậm 15 phút');
    expect(fake.state.calls.filter((c) => c.name === 'syncNow')).toHaveLength(2);
  });

  it('reads the status again every few seconds and after a save', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { fake } = fakeAt();
      await fake.enroll('http://127.0.0.1:8080', 'ABCD-1234', null);
      setApi(fake);
      render(App, { props: { syncPollMs: 3000 } });
      await screen.findByTestId('sub-name');
      await waitFor(() => expect(screen.getByTestId('sync-pending').textContent).toBe('Chờ gửi: 0'));
      // A change made elsewhere (the background sync, another screen) shows up on the next poll.
      fake.state.sync.pending = 4n;
      await vi.advanceTimersByTimeAsync(3100);
      await waitFor(() => expect(screen.getByTestId('sync-pending').textContent).toBe('Chờ gửi: 4'));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('sync screen', () => {
  it('enrolls with the portal address and the one-time code, showing the Vietnamese errors', async () => {
    const { fake } = fakeAt();
    setApi(fake);
    const user = userEvent.setup();
    render(SyncPanel);
    await screen.findByTestId('enroll-form');
    expect(screen.getByTestId('sync-portal-url').textContent).toBe('Chưa đăng ký cổng trung tâm');

    await user.type(screen.getByTestId('enroll-portal-url'), 'http://127.0.0.1:8080');
    await user.click(screen.getByTestId('enroll-submit'));
    expect((await screen.findByTestId('field-error-code')).textContent).toBe('Hãy nhập mã đăng ký do quản trị viên cấp.');
    expect(document.activeElement).toBe(screen.getByTestId('enroll-code'));

    await user.type(screen.getByTestId('enroll-code'), 'WXYZ-0000');
    await user.keyboard('{Enter}');
    const err = await screen.findByTestId('enroll-error');
    expect(err.textContent).toBe(
      'Cổng trung tâm từ chối quầy này (mã đăng ký không đúng, đã dùng hoặc đã hết hạn). Hãy xin quản trị viên mã đăng ký mới và đăng ký lại.',
    );
    expect((screen.getByTestId('enroll-portal-url') as HTMLInputElement).value).toBe('http://127.0.0.1:8080');

    await user.clear(screen.getByTestId('enroll-code'));
    await user.type(screen.getByTestId('enroll-code'), 'abcd-1234');
    await user.click(screen.getByTestId('enroll-submit'));
    expect((await screen.findByTestId('enroll-done')).textContent).toContain('http://127.0.0.1:8080');
    expect(screen.getByTestId('sync-portal-url').textContent).toBe('http://127.0.0.1:8080');
    expect(screen.queryByTestId('enroll-form')).toBeNull();
    expect(fake.state.sync.enrolled).toBe(true);
  });

  it('lists the rows the portal refused, with their reasons', async () => {
    const { fake } = fakeAt();
    const d = await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
    await fake.enroll('http://127.0.0.1:8080', 'ABCD-1234', null);
    fake.state.portal.refuse.push({ kind: 'conflict', reason: 'Cùng mã thay đổi nhưng nội dung khác bản đã nhận.' });
    setApi(fake);
    const user = userEvent.setup();
    render(SyncPanel);
    await screen.findByTestId('sync-no-problems');
    await user.click(screen.getByTestId('sync-panel-run'));
    const row = await screen.findByTestId('sync-problem-1');
    expect(row.textContent).toContain(d.summary.code);
    expect(row.textContent).toContain('Xung đột');
    expect(row.textContent).toContain('Cùng mã thay đổi nhưng nội dung khác bản đã nhận.');
  });
});

describe('first-run setup through the portal', () => {
  it('offers "Đăng ký với cổng trung tâm" and sets the desk up from the portal', async () => {
    const fake = createFakeApi();
    setApi(fake);
    const ondone = vi.fn<(s: AppStatus, account: { username: string; password: string } | null) => void>();
    const user = userEvent.setup();
    render(Setup, { props: { ondone } });
    await user.click(screen.getByTestId('setup-mode-enroll'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('enroll-portal-url')));
    expect(screen.queryByTestId('setup-unit-name')).toBeNull();
    await user.type(screen.getByTestId('enroll-portal-url'), 'http://127.0.0.1:8080');
    await user.type(screen.getByTestId('enroll-code'), 'ABCD-1234');
    await user.click(screen.getByTestId('enroll-submit'));
    expect((await screen.findByTestId('field-error-clerk_name')).textContent).toBe(
      'Cơ sở dữ liệu mới: hãy nhập họ tên cán bộ tiếp nhận.',
    );
    expect(ondone).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('enroll-clerk-name'), 'Hà Văn Minh');
    // The first (admin) account is made here too.
    await user.click(screen.getByTestId('enroll-submit'));
    expect((await screen.findByTestId('field-error-username')).textContent).toBe('Chưa nhập Tên đăng nhập.');
    await user.type(screen.getByTestId('enroll-username'), 'minh');
    await user.type(screen.getByTestId('enroll-password'), 'mat-khau-dai');
    await user.type(screen.getByTestId('enroll-password-confirm'), 'mat-khau-dao');
    await user.click(screen.getByTestId('enroll-submit'));
    expect((await screen.findByTestId('field-error-password_confirm')).textContent).toBe('Hai lần nhập mật khẩu không giống nhau.');
    await user.clear(screen.getByTestId('enroll-password-confirm'));
    await user.type(screen.getByTestId('enroll-password-confirm'), 'mat-khau-dai');
    await user.click(screen.getByTestId('enroll-submit'));
    await waitFor(() => expect(ondone).toHaveBeenCalledTimes(1));
    expect(ondone.mock.calls[0][1]).toEqual({ username: 'minh', password: 'mat-khau-dai' });
    expect(fake.state.accounts.map((a) => [a.username, a.full_name, a.role])).toEqual([['minh', 'Hà Văn Minh', 'admin']]);
    const status = ondone.mock.calls[0][0];
    expect(status.initialized).toBe(true);
    expect(status.clerk_name).toBe('Hà Văn Minh');
    expect(status.unit?.code).toBe('000.00.31.H29');
    const enrolls = fake.state.calls.filter((c) => c.name === 'enroll');
    expect(enrolls.map((c) => c.args[2])).toEqual(['', 'Hà Văn Minh', 'Hà Văn Minh']);
    expect(enrolls[2].args).toEqual([
      'http://127.0.0.1:8080',
      'ABCD-1234',
      'Hà Văn Minh',
      { username: 'minh', password: 'mat-khau-dai' },
    ]);
  });
});
