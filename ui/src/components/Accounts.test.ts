import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { createFakeApi, DEMO_PASSWORD } from '../lib/fake-api';
import { refreshSession } from '../lib/session.svelte';
import Accounts from './Accounts.svelte';
import ChangePassword from './ChangePassword.svelte';
import Report from './Report.svelte';

async function startAdmin() {
  const fake = createFakeApi({ initialized: true, signedIn: 'lan' });
  setApi(fake);
  await refreshSession();
  const user = userEvent.setup();
  render(Accounts);
  await screen.findByTestId('account-row-mai');
  return { fake, user };
}

describe('Accounts (admin)', () => {
  it('lists the accounts with role and state; the admin cannot disable themself', async () => {
    await startAdmin();
    const rows = within(screen.getByTestId('accounts-list')).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(screen.getByTestId('account-role-lan').textContent).toBe('Quản trị');
    expect(screen.getByTestId('account-role-giamsat').textContent).toBe('Giám sát');
    expect(screen.getByTestId('account-role-mai').textContent).toBe('Cán bộ tiếp nhận');
    expect(screen.getByTestId('account-state-mai').textContent?.trim()).toBe('Đang dùng');
    expect(screen.getByTestId('account-row-lan').textContent).toContain('(bạn)');
    expect((screen.getByTestId('account-disable-lan') as HTMLButtonElement).disabled).toBe(true);
  });

  it('creates an account with its role; mismatched, weak or taken entries show at the field', async () => {
    const { fake, user } = await startAdmin();
    await user.type(screen.getByTestId('create-username'), 'mai');
    await user.type(screen.getByTestId('create-full-name'), 'Phạm Văn Hùng');
    await user.selectOptions(screen.getByTestId('create-role'), 'supervisor');
    await user.type(screen.getByTestId('create-password'), 'mat-khau-hung');
    await user.type(screen.getByTestId('create-confirm'), 'mat-khau-hunG');
    await user.click(screen.getByTestId('create-submit'));
    expect((await screen.findByTestId('field-error-password_confirm')).textContent).toBe(
      'Hai lần nhập mật khẩu không giống nhau.',
    );
    expect(fake.state.calls.some((c) => c.name === 'createAccount')).toBe(false);

    await user.clear(screen.getByTestId('create-confirm'));
    await user.type(screen.getByTestId('create-confirm'), 'mat-khau-hung');
    await user.click(screen.getByTestId('create-submit'));
    expect((await screen.findByTestId('field-error-username')).textContent).toBe('Tên đăng nhập "mai" đã có người dùng.');
    expect(document.activeElement).toBe(screen.getByTestId('create-username'));

    await user.clear(screen.getByTestId('create-username'));
    await user.type(screen.getByTestId('create-username'), 'hung.pv');
    await user.clear(screen.getByTestId('create-password'));
    await user.type(screen.getByTestId('create-password'), 'ngan');
    await user.clear(screen.getByTestId('create-confirm'));
    await user.type(screen.getByTestId('create-confirm'), 'ngan');
    await user.click(screen.getByTestId('create-submit'));
    expect((await screen.findByTestId('field-error-password')).textContent).toBe('Mật khẩu phải có từ 8 đến 256 ký tự.');

    await user.clear(screen.getByTestId('create-password'));
    await user.type(screen.getByTestId('create-password'), 'mat-khau-hung');
    await user.clear(screen.getByTestId('create-confirm'));
    await user.type(screen.getByTestId('create-confirm'), 'mat-khau-hung');
    await user.click(screen.getByTestId('create-submit'));
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('Đã tạo tài khoản hung.pv (Giám sát).');
    expect(screen.getByTestId('account-role-hung.pv').textContent).toBe('Giám sát');
    expect((screen.getByTestId('create-username') as HTMLInputElement).value).toBe('');
    const created = fake.state.accounts.find((a) => a.username === 'hung.pv');
    expect(created).toMatchObject({ full_name: 'Phạm Văn Hùng', role: 'supervisor', active: true });
    // The new account signs in with its password.
    await fake.signOut();
    await expect(fake.signIn('hung.pv', 'mat-khau-hung')).resolves.toMatchObject({ role: 'supervisor' });
  });

  it('resets a password; the old one stops working', async () => {
    const { fake, user } = await startAdmin();
    await user.click(screen.getByTestId('account-reset-mai'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('reset-password')));
    await user.keyboard('mat-khau-moi{Tab}mat-khau-moi{Enter}');
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('Đã đặt lại mật khẩu cho mai.');
    expect(screen.queryByTestId('reset-password')).toBeNull();
    await fake.signOut();
    await expect(fake.signIn('mai', DEMO_PASSWORD)).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(fake.signIn('mai', 'mat-khau-moi')).resolves.toMatchObject({ username: 'mai' });
  });

  it('a weak reset password shows at the field', async () => {
    const { user } = await startAdmin();
    await user.click(screen.getByTestId('account-reset-mai'));
    await user.keyboard('ngan{Tab}ngan{Enter}');
    expect((await screen.findByTestId('field-error-reset_password')).textContent).toBe('Mật khẩu phải có từ 8 đến 256 ký tự.');
  });

  it('disables an account (it can no longer sign in) and enables it again, which clears a lockout', async () => {
    const { fake, user } = await startAdmin();
    await user.click(screen.getByTestId('account-disable-mai'));
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('Đã vô hiệu hóa tài khoản mai.');
    await waitFor(() => expect(screen.getByTestId('account-state-mai').textContent?.trim()).toBe('Đã vô hiệu hóa'));
    const mai = fake.state.accounts.find((a) => a.username === 'mai')!;
    expect(mai.active).toBe(false);
    mai.failed_attempts = 5;
    mai.locked_until = new Date(Date.now() + 600_000).toISOString();
    await user.click(screen.getByTestId('account-enable-mai'));
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('Đã cho dùng lại tài khoản mai.');
    expect(mai).toMatchObject({ active: true, failed_attempts: 0, locked_until: null });
  });

  it('shows a lockout with its end time in Vietnam time', async () => {
    const fake = createFakeApi({ initialized: true });
    fake.state.accounts[2].failed_attempts = 5;
    fake.state.accounts[2].locked_until = '2099-03-04T02:15:00Z';
    setApi(fake);
    await refreshSession();
    render(Accounts);
    await waitFor(() => expect(screen.getByTestId('account-state-mai').textContent).toContain('Tạm khóa đến 09:15 04/03/2099'));
  });

  it('sets the idle-lock minutes (1 to 240)', async () => {
    const { fake, user } = await startAdmin();
    const idle = screen.getByTestId('idle-minutes') as HTMLInputElement;
    expect(idle.value).toBe('10');
    await user.clear(idle);
    await user.type(idle, '0{Enter}');
    expect((await screen.findByTestId('field-error-idle_lock_minutes')).textContent).toBe(
      'Thời gian tự khóa 0 phút không hợp lệ: từ 1 đến 240 phút.',
    );
    await user.clear(idle);
    await user.type(idle, '15{Enter}');
    expect((await screen.findByTestId('idle-done')).textContent).toBe('Quầy sẽ tự khóa sau 15 phút không thao tác.');
    expect(fake.state.idle_lock_minutes).toBe(15);
    expect((await fake.sessionStatus()).idle_lock_minutes).toBe(15);
  });

  it('shows the backend refusal to a non-admin (the core enforces the role)', async () => {
    const fake = createFakeApi({ initialized: true, signedIn: 'giamsat' });
    setApi(fake);
    render(Accounts);
    expect((await screen.findByTestId('accounts-error')).textContent).toBe(
      'Tài khoản của bạn không được phép quản lý tài khoản: cần vai trò quản trị trở lên.',
    );
  });
});

describe('forbidden answers', () => {
  it('a clerk reaching the day report sees the message naming the role needed', async () => {
    setApi(createFakeApi({ initialized: true, signedIn: 'mai' }));
    render(Report);
    expect((await screen.findByTestId('report-error')).textContent).toBe('Tài khoản của bạn không được phép xem báo cáo cuối ngày: cần vai trò giám sát trở lên.');
  });
});

describe('Đổi mật khẩu', () => {
  it('checks the current password and the confirmation, then changes it', async () => {
    const fake = createFakeApi({ initialized: true, signedIn: 'mai' });
    setApi(fake);
    const user = userEvent.setup();
    render(ChangePassword);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('password-old')));
    await user.keyboard('sai-mat-khau{Tab}mat-khau-moi{Tab}mat-khau-moi{Enter}');
    expect((await screen.findByTestId('field-error-old_password')).textContent).toBe(
      'Tên đăng nhập hoặc mật khẩu không đúng.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('password-old'));

    await user.clear(screen.getByTestId('password-old'));
    await user.type(screen.getByTestId('password-old'), DEMO_PASSWORD);
    await user.clear(screen.getByTestId('password-confirm'));
    await user.type(screen.getByTestId('password-confirm'), 'khac-hoan-toan{Enter}');
    expect((await screen.findByTestId('field-error-new_password_confirm')).textContent).toBe(
      'Hai lần nhập mật khẩu không giống nhau.',
    );
    await user.clear(screen.getByTestId('password-confirm'));
    await user.type(screen.getByTestId('password-confirm'), 'mat-khau-moi{Enter}');
    await screen.findByTestId('password-done');
    expect((screen.getByTestId('password-old') as HTMLInputElement).value).toBe('');
    await fake.signOut();
    await expect(fake.signIn('mai', DEMO_PASSWORD)).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(fake.signIn('mai', 'mat-khau-moi')).resolves.toMatchObject({ username: 'mai' });
  });
});
