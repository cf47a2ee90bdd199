import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import type { AppStatus } from '../lib/types';

type Done = (s: AppStatus, account: { username: string; password: string } | null) => void;
import Setup from './Setup.svelte';

async function fill(user: ReturnType<typeof userEvent.setup>, code: string) {
  await user.type(screen.getByTestId('setup-unit-name'), 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ ĐỊNH MỸ');
  await user.type(screen.getByTestId('setup-parent-authority'), 'ỦY BAN NHÂN DÂN XÃ ĐỊNH MỸ');
  await user.type(screen.getByTestId('setup-place'), 'Định Mỹ');
  await user.type(screen.getByTestId('setup-unit-code'), code);
  await user.type(screen.getByTestId('setup-lookup-url'), 'https://dichvucong.angiang.gov.vn');
  await user.type(screen.getByTestId('setup-hotline'), '0296 3 999 999');
  await user.type(screen.getByTestId('setup-desk-name'), 'Quầy 1');
  await user.type(screen.getByTestId('setup-clerk-name'), 'Nguyễn Thị Lan');
  await user.type(screen.getByTestId('setup-username'), 'lan');
  await user.type(screen.getByTestId('setup-password'), 'matkhau-123');
  await user.type(screen.getByTestId('setup-password-confirm'), 'matkhau-123');
}

describe('Setup', () => {
  it('shows the error next to the named field, keeps the input, then succeeds', async () => {
    const fake = createFakeApi();
    setApi(fake);
    const ondone = vi.fn<Done>();
    const user = userEvent.setup();
    render(Setup, { props: { ondone } });
    expect((screen.getByTestId('setup-unit-code') as HTMLInputElement).placeholder).toBe('000.00.31.H29');
    expect((screen.getByTestId('setup-load-demo') as HTMLInputElement).checked).toBe(true);

    await fill(user, '000.00.31/H29');
    await user.keyboard('{Enter}'); // Enter submits the form
    const err = await screen.findByTestId('field-error-unit_code');
    expect(err.textContent).toBe(
      'Mã đơn vị "000.00.31/H29" không hợp lệ: chỉ gồm chữ cái, chữ số và dấu chấm, ví dụ 000.00.31.H29.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('setup-unit-code'));
    expect((screen.getByTestId('setup-clerk-name') as HTMLInputElement).value).toBe('Nguyễn Thị Lan');
    expect(screen.queryByTestId('setup-error')).toBeNull();
    expect(ondone).not.toHaveBeenCalled();

    await user.clear(screen.getByTestId('setup-unit-code'));
    await user.type(screen.getByTestId('setup-unit-code'), '000.00.31.H29');
    await user.click(screen.getByTestId('setup-submit'));
    await waitFor(() => expect(ondone).toHaveBeenCalledTimes(1));
    expect(ondone.mock.calls[0][0].unit?.code).toBe('000.00.31.H29');
    expect(ondone.mock.calls[0][1]).toEqual({ username: 'lan', password: 'matkhau-123' });
    expect(fake.state.catalogue.length).toBeGreaterThan(0);
    expect(fake.state.accounts.map((a) => [a.username, a.full_name, a.role])).toEqual([['lan', 'Nguyễn Thị Lan', 'admin']]);
  });

  it('creates the first admin account: the passwords must match, the backend checks the rest', async () => {
    const fake = createFakeApi();
    setApi(fake);
    const ondone = vi.fn<Done>();
    const user = userEvent.setup();
    render(Setup, { props: { ondone } });
    await fill(user, '000.00.31.H29');
    await user.type(screen.getByTestId('setup-password-confirm'), 'x');
    await user.keyboard('{Enter}');
    expect((await screen.findByTestId('field-error-password_confirm')).textContent).toBe(
      'Hai lần nhập mật khẩu không giống nhau.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('setup-password-confirm'));
    expect(fake.state.calls.some((c) => c.name === 'setup')).toBe(false);
    expect((screen.getByTestId('setup-password') as HTMLInputElement).type).toBe('password');

    // A short password: the backend's weak_password, shown at the password field.
    await user.clear(screen.getByTestId('setup-password'));
    await user.type(screen.getByTestId('setup-password'), 'ngan');
    await user.clear(screen.getByTestId('setup-password-confirm'));
    await user.type(screen.getByTestId('setup-password-confirm'), 'ngan');
    await user.click(screen.getByTestId('setup-submit'));
    expect((await screen.findByTestId('field-error-password')).textContent).toBe('Mật khẩu phải có từ 8 đến 256 ký tự.');
    expect(fake.state.status.initialized).toBe(false);

    await user.clear(screen.getByTestId('setup-username'));
    await user.click(screen.getByTestId('setup-submit'));
    // The core's answer for an empty user name (the old TypeScript fake said "Chưa nhập …").
    expect((await screen.findByTestId('field-error-username')).textContent).toBe(
      'Tên đăng nhập gồm 3 đến 32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('setup-username'));
    expect(ondone).not.toHaveBeenCalled();
  });

  it('shows an error without a field at the top', async () => {
    const fake = createFakeApi();
    fake.setup = async () => {
      throw new ApiError('db', 'Không ghi được cơ sở dữ liệu.');
    };
    setApi(fake);
    const user = userEvent.setup();
    render(Setup, { props: { ondone: () => {} } });
    await fill(user, '000.00.31.H29');
    await user.click(screen.getByTestId('setup-submit'));
    expect((await screen.findByTestId('setup-error')).textContent).toBe('Không ghi được cơ sở dữ liệu.');
    expect((screen.getByTestId('setup-place') as HTMLInputElement).value).toBe('Định Mỹ');
  });
});
