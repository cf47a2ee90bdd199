import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setApi } from './lib/api';
import { createFakeApi } from './lib/fake-api';

describe('App', () => {
  it('shows first-run setup when the desk is not initialized, then the intake screen', async () => {
    const fake = createFakeApi();
    setApi(fake);
    const user = userEvent.setup();
    render(App, { props: { searchDebounceMs: 0, listDebounceMs: 0 } });
    await screen.findByTestId('setup-submit');
    // Nothing but the setup before there is an account: no menu, no sync status.
    expect(screen.queryByTestId('nav-intake')).toBeNull();
    expect(screen.queryByTestId('sync-status')).toBeNull();
    await user.type(screen.getByTestId('setup-unit-name'), 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ A');
    await user.type(screen.getByTestId('setup-parent-authority'), 'ỦY BAN NHÂN DÂN XÃ A');
    await user.type(screen.getByTestId('setup-place'), 'A');
    await user.type(screen.getByTestId('setup-unit-code'), '000.00.31.H29');
    await user.type(screen.getByTestId('setup-lookup-url'), 'https://dichvucong.example.vn');
    await user.type(screen.getByTestId('setup-hotline'), '1022');
    await user.type(screen.getByTestId('setup-desk-name'), 'Quầy 2');
    await user.type(screen.getByTestId('setup-clerk-name'), 'Hà Văn Minh');
    await user.type(screen.getByTestId('setup-username'), 'minh');
    await user.type(screen.getByTestId('setup-password'), 'mat-khau-dai');
    await user.type(screen.getByTestId('setup-password-confirm'), 'mat-khau-dai');
    await user.click(screen.getByTestId('setup-submit'));
    // Signed in with the first account right away.
    await screen.findByTestId('proc-search');
    expect(screen.getByTestId('header-unit').textContent).toBe('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ A');
    expect(screen.getByTestId('header-clerk').textContent).toContain('Hà Văn Minh');
    expect(screen.getByTestId('header-role').textContent).toBe('Quản trị');
    expect(screen.getByTestId('nav-accounts')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toContain('Chưa đăng ký cổng trung tâm'));
    expect(fake.state.calls.filter((c) => c.name === 'signIn').map((c) => c.args)).toEqual([['minh', 'mat-khau-dai']]);
  });

  it('switches the language with the EN/VI button and tells the backend', async () => {
    const fake = createFakeApi({ initialized: true });
    setApi(fake);
    const user = userEvent.setup();
    render(App, { props: { searchDebounceMs: 0, listDebounceMs: 0 } });
    const save = await screen.findByTestId('intake-save');
    expect(save.textContent?.trim()).toBe('Tiếp nhận (Ctrl+Enter)');
    expect(screen.getByTestId('nav-today').textContent).toContain('Hôm nay');

    await user.click(screen.getByTestId('locale-switch'));
    await waitFor(() => expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Accept (Ctrl+Enter)'));
    expect(screen.getByTestId('nav-today').textContent).toContain('Today');
    expect(screen.getByTestId('sync-status').textContent).toContain('Not enrolled with a portal');
    expect(fake.state.calls.some((c) => c.name === 'setLocale' && c.args[0] === 'en')).toBe(true);
    expect(fake.state.status.locale).toBe('en');

    await user.click(screen.getByTestId('locale-switch'));
    await waitFor(() => expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Tiếp nhận (Ctrl+Enter)'));
  });

  it('starts in the locale the backend remembers', async () => {
    setApi(createFakeApi({ initialized: true, locale: 'en' }));
    render(App);
    expect((await screen.findByTestId('intake-save')).textContent?.trim()).toBe('Accept (Ctrl+Enter)');
  });

  it('navigates with Alt+1 / Alt+2 / F2 and keeps the intake draft', async () => {
    setApi(createFakeApi({ initialized: true }));
    const user = userEvent.setup();
    render(App, { props: { searchDebounceMs: 0, listDebounceMs: 0 } });
    await screen.findByTestId('sub-name');
    await user.type(screen.getByTestId('sub-name'), 'Nguyễn Văn An');

    await user.keyboard('{Alt>}2{/Alt}');
    await screen.findByTestId('today-search');
    expect(screen.queryByTestId('sub-name')).toBeNull();
    expect(screen.getByTestId('nav-today').getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('today-search')));

    await user.keyboard('{Alt>}1{/Alt}');
    await screen.findByTestId('sub-name');
    expect((screen.getByTestId('sub-name') as HTMLInputElement).value).toBe('Nguyễn Văn An');

    await user.click(screen.getByTestId('nav-today'));
    await screen.findByTestId('today-search');
    await user.keyboard('{F2}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('proc-search')));
  });

  it('shows the backend sync status when there is one', async () => {
    const fake = createFakeApi({ initialized: true });
    Object.assign(fake.state.sync, { enrolled: true, portal_url: 'http://127.0.0.1:9', online: false, pending: 3n, last_success_at: '2026-03-04T02:00:00Z' });
    setApi(fake);
    render(App);
    const sync = await screen.findByTestId('sync-status');
    await waitFor(() => expect(sync.textContent).toContain('Ngoại tuyến'));
    expect(sync.textContent).toContain('Chờ gửi: 3');
    expect(sync.textContent).toContain('09:00 04/03/2026');
  });
});
