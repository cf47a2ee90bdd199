// Accounts and sessions in the whole app (issue 7): sign-in, lockout, roles in the menu, the idle
// lock and the lock screen that unmounts the desk but keeps the intake draft.
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setApi } from './lib/api';
import { createFakeApi, DEMO_PASSWORD, type FakeApi } from './lib/fake-api';
import { NOW } from './lib/test-seed';

type Opts = { signedIn?: string | null; idleLockMs?: number; sessionMs?: { now: number } };

function start(opts: Opts = {}): { fake: FakeApi; user: ReturnType<typeof userEvent.setup> } {
  const clock = opts.sessionMs;
  const fake = createFakeApi({
    initialized: true,
    now: () => NOW,
    signedIn: opts.signedIn,
    sessionClock: clock ? () => clock.now : undefined,
  });
  setApi(fake);
  const user = userEvent.setup();
  render(App, {
    props: { searchDebounceMs: 0, listDebounceMs: 0, lookupDebounceMs: 0, syncPollMs: 0, idleLockMs: opts.idleLockMs },
  });
  return { fake, user };
}

const value = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;

/** Picks "Chứng thực chữ ký" and types a submitter name. */
async function startDossier(user: ReturnType<typeof userEvent.setup>, name: string) {
  const search = await screen.findByTestId('proc-search');
  await user.type(search, 'chung thuc chu ky');
  await screen.findByTestId('proc-option-2.000884');
  await user.keyboard('{Enter}');
  await screen.findByTestId('proc-facts');
  await user.type(screen.getByTestId('sub-name'), name);
}

describe('sign-in', () => {
  it('is keyboard-first: user name, password, Enter; Vietnamese errors; then the desk with name and role', async () => {
    const { fake, user } = start({ signedIn: null });
    const username = await screen.findByTestId('signin-username');
    // Nothing of the desk before signing in.
    expect(screen.queryByTestId('nav-intake')).toBeNull();
    expect(screen.queryByTestId('proc-search')).toBeNull();
    expect(screen.queryByTestId('sync-status')).toBeNull();
    expect(document.activeElement).toBe(username);

    await user.keyboard('mai{Tab}sai-mat-khau{Enter}');
    expect((await screen.findByTestId('signin-error')).textContent).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    // The password is cleared and focused for the next try; the user name stays.
    expect(value('signin-password')).toBe('');
    expect(value('signin-username')).toBe('mai');
    expect(document.activeElement).toBe(screen.getByTestId('signin-password'));

    // An unknown user gets the very same answer.
    await user.clear(screen.getByTestId('signin-username'));
    await user.type(screen.getByTestId('signin-username'), 'khong-co');
    await user.type(screen.getByTestId('signin-password'), `${DEMO_PASSWORD}{Enter}`);
    await waitFor(() => expect(fake.state.calls.filter((c) => c.name === 'signIn')).toHaveLength(2));
    expect(screen.getByTestId('signin-error').textContent).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');

    await user.clear(screen.getByTestId('signin-username'));
    await user.type(screen.getByTestId('signin-username'), 'mai');
    await user.type(screen.getByTestId('signin-password'), `${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('proc-search');
    expect(screen.getByTestId('header-clerk').textContent).toContain('Trần Thị Mai');
    expect(screen.getByTestId('header-role').textContent).toBe('Cán bộ tiếp nhận');
    expect(screen.getByTestId('sign-out').textContent).toBe('Đăng xuất');
    expect(fake.state.accounts.find((a) => a.username === 'mai')?.failed_attempts).toBe(0);
  });

  it('locks the account after 5 wrong passwords, saying until when (Vietnam time)', async () => {
    const clock = { now: Date.parse('2026-03-04T02:00:00Z') };
    const { fake, user } = start({ signedIn: null, sessionMs: clock });
    await screen.findByTestId('signin-username');
    await user.keyboard('mai{Tab}');
    for (let i = 1; i <= 4; i++) {
      await user.keyboard('sai-mat-khau{Enter}');
      await waitFor(() => expect(fake.state.accounts.find((a) => a.username === 'mai')?.failed_attempts).toBe(i));
      expect(screen.getByTestId('signin-error').textContent).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    await user.keyboard('sai-mat-khau{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('signin-error').textContent).toBe(
        'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần, đến 09:15 04/03/2026.',
      ),
    );
    // Even the right password is refused during the lockout…
    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await waitFor(() => expect(fake.state.calls.filter((c) => c.name === 'signIn')).toHaveLength(6));
    expect(screen.getByTestId('signin-error').textContent).toContain('09:15 04/03/2026');
    expect(screen.queryByTestId('proc-search')).toBeNull();
    // …and accepted once it is over.
    clock.now += 15 * 60_000;
    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('proc-search');
  });

  it('says when the account is disabled', async () => {
    const { fake, user } = start({ signedIn: null });
    fake.state.accounts.find((a) => a.username === 'mai')!.active = false;
    await screen.findByTestId('signin-username');
    await user.keyboard(`mai{Tab}${DEMO_PASSWORD}{Enter}`);
    expect((await screen.findByTestId('signin-error')).textContent).toBe(
      'Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.',
    );
    expect(screen.queryByTestId('proc-search')).toBeNull();
  });

  it('"Đăng xuất" goes back to the sign-in screen with the last user name, password focused, draft gone', async () => {
    const { fake, user } = start();
    await startDossier(user, 'Nguyễn Văn An');
    await user.click(screen.getByTestId('sign-out'));
    await screen.findByTestId('signin-password');
    expect(fake.state.session).toBeNull();
    expect(value('signin-username')).toBe('lan');
    expect(document.activeElement).toBe(screen.getByTestId('signin-password'));
    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('sub-name');
    expect(value('sub-name')).toBe('');
  });
});

describe('menu by role', () => {
  it('a clerk sees neither the report nor the accounts, and Alt+4 / Alt+6 do nothing', async () => {
    const { user } = start({ signedIn: 'mai' });
    await screen.findByTestId('proc-search');
    expect(screen.getByTestId('nav-today')).toBeTruthy();
    expect(screen.getByTestId('nav-sync')).toBeTruthy();
    expect(screen.getByTestId('nav-password')).toBeTruthy();
    expect(screen.queryByTestId('nav-report')).toBeNull();
    expect(screen.queryByTestId('nav-accounts')).toBeNull();
    await user.keyboard('{Alt>}4{/Alt}');
    await user.keyboard('{Alt>}6{/Alt}');
    expect(screen.getByTestId('proc-search')).toBeTruthy();
    expect(screen.queryByTestId('accounts-screen')).toBeNull();
  });

  it('a supervisor sees the report but not the accounts; an admin sees both', async () => {
    start({ signedIn: 'giamsat' });
    await screen.findByTestId('proc-search');
    expect(screen.getByTestId('nav-report')).toBeTruthy();
    expect(screen.queryByTestId('nav-accounts')).toBeNull();
    expect(screen.getByTestId('header-role').textContent).toBe('Giám sát');
  });

  it('an admin opens the accounts with Alt+6', async () => {
    const { user } = start({ signedIn: 'lan' });
    await screen.findByTestId('proc-search');
    expect(screen.getByTestId('nav-report')).toBeTruthy();
    await user.keyboard('{Alt>}6{/Alt}');
    await screen.findByTestId('account-row-mai');
  });
});

describe('idle lock', () => {
  it('locks after the idle time: the desk is unmounted, the same clerk unlocks and finds the draft', async () => {
    const { fake, user } = start({ idleLockMs: 150 });
    await startDossier(user, 'Nguyễn Văn An');
    await user.type(screen.getByTestId('sub-id'), '001099012345');

    const lock = await screen.findByTestId('lock-screen', {}, { timeout: 2000 });
    expect(fake.state.calls.some((c) => c.name === 'lockSession')).toBe(true);
    expect(fake.state.session?.locked).toBe(true);
    // Hidden, not covered: no field of the dossier is left in the page.
    expect(screen.queryByTestId('sub-name')).toBeNull();
    expect(document.body.textContent).not.toContain('001099012345');
    expect(screen.queryByTestId('nav-intake')).toBeNull();
    expect(screen.queryByTestId('sync-status')).toBeNull();
    expect(lock.textContent).toContain('Nguyễn Thị Lan');
    expect(document.activeElement).toBe(screen.getByTestId('lock-password'));

    await user.keyboard('sai-mat-khau{Enter}');
    expect((await screen.findByTestId('lock-error')).textContent).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(screen.queryByTestId('sub-name')).toBeNull();

    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('sub-name');
    expect(value('sub-name')).toBe('Nguyễn Văn An');
    expect(value('sub-id')).toBe('001099012345');
    expect(fake.state.session?.locked).toBe(false);
  });

  it('activity keeps the desk open', async () => {
    const { user } = start({ idleLockMs: 300 });
    await screen.findByTestId('sub-name');
    for (let i = 0; i < 6; i++) {
      await user.type(screen.getByTestId('sub-name'), 'a');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(value('sub-name')).toBe('aaaaaa');
  });

  it('uses the backend idle_lock_minutes when no override is given', async () => {
    const { fake } = start();
    await screen.findByTestId('sub-name');
    expect(fake.state.idle_lock_minutes).toBe(10);
    // Ten minutes have not passed: still open after a short wait.
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });
});

describe('a command meets a locked or ended session', () => {
  it('session_locked from saving the intake brings up the lock screen and keeps the draft', async () => {
    const { fake, user } = start();
    await startDossier(user, 'Nguyễn Văn An');
    await user.type(screen.getByTestId('sub-id'), '001099012345');
    // The backend locked by itself (idle without commands).
    fake.state.session!.locked = true;
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('lock-screen');
    expect(screen.queryByTestId('sub-name')).toBeNull();
    expect(fake.state.dossiers).toHaveLength(0);

    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('sub-name');
    expect(value('sub-name')).toBe('Nguyễn Văn An');
    expect(value('sub-id')).toBe('001099012345');
    // The stale "locked" message is gone; saving now works.
    expect(screen.queryByTestId('intake-error')).toBeNull();
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(fake.state.dossiers).toHaveLength(1);
    expect(fake.state.dossiers[0].submitter.full_name).toBe('Nguyễn Văn An');
  });

  it('the backend idle timeout seen by another screen (Alt+2) locks too', async () => {
    const clock = { now: Date.parse('2026-03-04T02:00:00Z') };
    const { fake, user } = start({ sessionMs: clock });
    await startDossier(user, 'Lê Thị Bình');
    clock.now += 11 * 60_000;
    await user.keyboard('{Alt>}2{/Alt}');
    await screen.findByTestId('lock-screen');
    expect(fake.state.session?.locked).toBe(true);
    expect(screen.queryByTestId('today-search')).toBeNull();
    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('today-search');
    await user.keyboard('{Alt>}1{/Alt}');
    expect((await screen.findByTestId('sub-name')) as HTMLInputElement).toHaveProperty('value', 'Lê Thị Bình');
  });

  it('not_signed_in (session gone) brings up the sign-in screen; the same clerk finds the draft', async () => {
    const { fake, user } = start();
    await startDossier(user, 'Nguyễn Văn An');
    fake.state.session = null;
    await user.keyboard('{Alt>}2{/Alt}');
    await screen.findByTestId('signin-password');
    expect(screen.queryByTestId('today-search')).toBeNull();
    expect(value('signin-username')).toBe('lan');
    await user.keyboard(`${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('today-search');
    await user.keyboard('{Alt>}1{/Alt}');
    expect(value('sub-name')).toBe('Nguyễn Văn An');
  });

  it('"Đăng nhập tài khoản khác" signs out; the next clerk starts with an empty form', async () => {
    const { fake, user } = start({ idleLockMs: 100 });
    await startDossier(user, 'Nguyễn Văn An');
    await screen.findByTestId('lock-screen', {}, { timeout: 2000 });
    await user.click(screen.getByTestId('lock-switch'));
    await screen.findByTestId('signin-username');
    expect(fake.state.session).toBeNull();
    await user.clear(screen.getByTestId('signin-username'));
    await user.type(screen.getByTestId('signin-username'), 'mai');
    await user.type(screen.getByTestId('signin-password'), `${DEMO_PASSWORD}{Enter}`);
    await screen.findByTestId('sub-name');
    expect(value('sub-name')).toBe('');
    expect(screen.getByTestId('header-clerk').textContent).toContain('Trần Thị Mai');
  });

  it('a lockout while unlocking ends the session with the message on the sign-in screen', async () => {
    const { fake, user } = start({ idleLockMs: 100 });
    await screen.findByTestId('lock-screen', {}, { timeout: 2000 });
    for (let i = 0; i < 4; i++) {
      await user.keyboard('sai-mat-khau{Enter}');
      await waitFor(() => expect(fake.state.accounts[0].failed_attempts).toBe(i + 1));
    }
    await user.keyboard('sai-mat-khau{Enter}');
    expect((await screen.findByTestId('signin-error')).textContent).toMatch(/^Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần, đến \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/);
    expect(fake.state.session).toBeNull();
  });
});
