import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import About from './About.svelte';
import ProvisionNotice from './ProvisionNotice.svelte';

describe('About (Giới thiệu)', () => {
  it('shows the version, build, unit, desk and database path; Escape closes it', async () => {
    const onclose = vi.fn();
    render(About, {
      onclose,
      load: async () => ({
        version: '0.1.0',
        build: 'abc1234',
        db_path: '/home/mai/.local/share/motcua-desk/desk.sqlite',
        unit_code: '000.00.31.H29',
        unit_name: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA BÌNH',
        desk_name: 'Quầy 2',
      }),
    });
    expect((await screen.findByTestId('about-version')).textContent).toContain('0.1.0');
    expect(screen.getByTestId('about-build').textContent).toContain('abc1234');
    expect(screen.getByTestId('about-unit').textContent).toContain('XÃ HÒA BÌNH (000.00.31.H29)');
    expect(screen.getByTestId('about-desk').textContent).toContain('Quầy 2');
    expect(screen.getByTestId('about-db-path').textContent).toContain('/home/mai/.local/share/motcua-desk/desk.sqlite');
    expect(screen.getByRole('dialog', { name: 'Giới thiệu Một Cửa Desk' })).toBeTruthy();
    await userEvent.setup().keyboard('{Escape}');
    expect(onclose).toHaveBeenCalled();
  });

  it('shows the backend error in Vietnamese', async () => {
    render(About, {
      onclose: () => {},
      load: async () => {
        throw { code: 'not_signed_in', message: 'Chưa đăng nhập.' };
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Chưa đăng nhập.');
  });
});

describe('ProvisionNotice', () => {
  it('shows why the provisioning file did not set the desk up', async () => {
    render(ProvisionNotice, {
      load: async () => ({
        code: 'unauthorized',
        message: 'Mã đăng ký quầy đã hết hạn. Xin quản trị cổng cấp mã mới.',
      }),
    });
    const n = await screen.findByTestId('provision-notice');
    expect(n.textContent).toContain('Chưa cài đặt được quầy từ tệp cài đặt quầy');
    expect(n.textContent).toContain('Mã đăng ký quầy đã hết hạn');
  });

  it('shows nothing when there was no provisioning file', async () => {
    render(ProvisionNotice, { load: async () => null });
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByTestId('provision-notice')).toBeNull();
  });
});
