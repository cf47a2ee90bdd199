import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import type { AppStatus } from '../lib/types';
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
}

describe('Setup', () => {
  it('shows the error next to the named field, keeps the input, then succeeds', async () => {
    const fake = createFakeApi();
    setApi(fake);
    const ondone = vi.fn<(s: AppStatus) => void>();
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
    expect(fake.state.catalogue.length).toBeGreaterThan(0);
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
