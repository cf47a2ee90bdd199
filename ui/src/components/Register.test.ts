import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { setApi } from '../lib/api';
import { fakeAt, intake, NOW, UNIT } from '../lib/test-seed';
import Register from './Register.svelte';

const code = (day: string, n: number) => `${UNIT}-${day}-${String(n).padStart(4, '0')}`;

/** Five dossiers: three today (one result ready), one Monday (overdue by now), one last week
 * (handed out). 2.000884 is a same-day procedure: due 17:00 the day it is received. */
async function seeded() {
  const { fake, clock } = fakeAt(new Date('2026-02-23T02:00:00Z'));
  await fake.saveIntake(intake('Đặng Thị Hoa', '001099000001')); // 260223-0001, handed out
  clock.now = new Date('2026-03-02T02:00:00Z');
  await fake.saveIntake(intake('Phạm Văn Dũng', '001099000002', null, '0912345678')); // 260302-0001, overdue
  clock.now = NOW;
  await fake.saveIntake(intake('Nguyễn Văn An', '001099012345')); // 260304-0001
  await fake.saveIntake(intake('Trần Thị Bình', '079185000111')); // 260304-0002, result ready
  await fake.saveIntake(intake('Đặng Văn Nam', '001099000003')); // 260304-0003
  await fake.moveDossier(code('260223', 1), 'result-ready', '');
  await fake.handOut(code('260223', 1), { fullName: 'Đặng Thị Hoa', idNumber: '001099000001', isProxy: false, authorisation: null });
  await fake.moveDossier(code('260304', 2), 'in-processing', '');
  await fake.moveDossier(code('260304', 2), 'result-ready', '');
  setApi(fake);
  return fake;
}

const shown = () =>
  screen.queryAllByTestId(/^register-row-/).map((r) => r.dataset.testid!.slice('register-row-'.length));

describe('Register', () => {
  it('finds dossiers by name without diacritics, by ID number, phone and code', async () => {
    await seeded();
    const user = userEvent.setup();
    render(Register, { props: { debounceMs: 0, now: () => NOW } });
    await waitFor(() => expect(shown()).toHaveLength(5));
    expect(screen.getByTestId('register-count').textContent).toBe('5 hồ sơ');
    // Newest first.
    expect(shown()[0]).toBe(code('260304', 3));

    const search = screen.getByTestId('register-search');
    await user.type(search, 'dang');
    await waitFor(() => expect(shown()).toEqual([code('260304', 3), code('260223', 1)]));
    await user.clear(search);
    await user.type(search, '0791850');
    await waitFor(() => expect(shown()).toEqual([code('260304', 2)]));
    await user.clear(search);
    await user.type(search, '0912 345');
    await waitFor(() => expect(shown()).toEqual([code('260302', 1)]));
    await user.clear(search);
    await user.type(search, '260304-0001');
    await waitFor(() => expect(shown()).toEqual([code('260304', 1)]));
    await user.clear(search);
    await user.type(search, 'khong co ai');
    await screen.findByTestId('register-empty');
  });

  it('narrows with the filters (all must hold) and marks overdue rows', async () => {
    const fake = await seeded();
    const user = userEvent.setup();
    render(Register, { props: { debounceMs: 0, now: () => NOW } });
    await waitFor(() => expect(shown()).toHaveLength(5));
    expect(screen.getByTestId(`overdue-${code('260302', 1)}`).textContent).toBe('Quá hạn');
    expect(screen.queryByTestId(`overdue-${code('260304', 1)}`)).toBeNull();

    await user.click(screen.getByTestId('register-filter-today'));
    await waitFor(() => expect(shown()).toHaveLength(3));
    expect(screen.getByTestId('register-filter-today').getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('register-filter-result-ready'));
    await waitFor(() => expect(shown()).toEqual([code('260304', 2)]));
    await user.click(screen.getByTestId('register-filter-today'));
    await user.click(screen.getByTestId('register-filter-result-ready'));
    await user.click(screen.getByTestId('register-filter-overdue'));
    await waitFor(() => expect(shown()).toEqual([code('260302', 1)]));
    await user.click(screen.getByTestId('register-filter-overdue'));
    await user.click(screen.getByTestId('register-filter-handed-out'));
    await waitFor(() => expect(shown()).toEqual([code('260223', 1)]));
    await user.click(screen.getByTestId('register-filter-handed-out'));
    await user.click(screen.getByTestId('register-filter-due-soon'));
    // Due 17:00 today, still being processed.
    await waitFor(() => expect(shown()).toEqual([code('260304', 3), code('260304', 1)]));
    const last = fake.state.calls.filter((c) => c.name === 'searchRegister').pop()!;
    expect(last.args[0]).toMatchObject({ filters: ['due-soon'], sort: 'received', offset: 0, limit: 50 });
  });

  it('sorts and pages', async () => {
    await seeded();
    const user = userEvent.setup();
    render(Register, { props: { debounceMs: 0, pageSize: 2, now: () => NOW } });
    await waitFor(() => expect(shown()).toEqual([code('260304', 3), code('260304', 2)]));
    expect(screen.getByTestId('register-range').textContent).toBe('Hồ sơ 1–2');
    expect((screen.getByTestId('register-prev') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('register-next'));
    await waitFor(() => expect(shown()).toEqual([code('260304', 1), code('260302', 1)]));
    await user.click(screen.getByTestId('register-next'));
    await waitFor(() => expect(shown()).toEqual([code('260223', 1)]));
    expect((screen.getByTestId('register-next') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('register-range').textContent).toBe('Hồ sơ 5–5');

    await user.selectOptions(screen.getByTestId('register-sort'), 'code');
    await waitFor(() => expect(shown()).toEqual([code('260223', 1), code('260302', 1)]));
    await user.selectOptions(screen.getByTestId('register-sort'), 'due');
    await waitFor(() => expect(shown()).toEqual([code('260223', 1), code('260302', 1)]));
    await user.click(screen.getByTestId('register-next'));
    await waitFor(() => expect(shown()).toEqual([code('260304', 1), code('260304', 2)]));
  });

  it('opens a dossier with ↓ Enter and goes back with Esc', async () => {
    await seeded();
    const user = userEvent.setup();
    render(Register, { props: { debounceMs: 0, now: () => NOW } });
    await waitFor(() => expect(shown()).toHaveLength(5));
    screen.getByTestId('register-search').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    const detail = await screen.findByTestId('dossier-detail');
    await waitFor(() => expect(within(detail).getByText('Trần Thị Bình')).toBeTruthy());
    await user.keyboard('{Escape}');
    await screen.findByTestId('register-search');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(`register-row-${code('260304', 2)}`)));
  });

  it('"Kết quả chờ trả" is one keystroke away (Alt+R) and lands on the first dossier waiting', async () => {
    await seeded();
    const user = userEvent.setup();
    render(App, { props: { searchDebounceMs: 0, listDebounceMs: 0, syncPollMs: 0 } });
    await screen.findByTestId('sub-name');
    // The button says how many results wait.
    await waitFor(() => expect(screen.getByTestId('nav-result-ready-count').textContent).toBe('1'));
    await user.keyboard('{Alt>}r{/Alt}');
    await waitFor(() => expect(shown()).toEqual([code('260304', 2)]));
    expect(screen.getByTestId('register-filter-result-ready').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(`register-row-${code('260304', 2)}`)));
    await user.keyboard('{Enter}');
    await screen.findByTestId('handout-form');
    // Straight into the recipient's name.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('handout-name')));

    // The nav button does the same; Alt+3 opens the whole register.
    await user.keyboard('{Escape}');
    await user.keyboard('{Alt>}3{/Alt}');
    await waitFor(() => expect(shown()).toHaveLength(5));
    await user.click(screen.getByTestId('nav-result-ready'));
    await waitFor(() => expect(shown()).toEqual([code('260304', 2)]));

    // Handed out: nothing waits any more.
    await user.click(screen.getByTestId(`register-row-${code('260304', 2)}`));
    await user.click(await screen.findByTestId('handout-fill-submitter'));
    await user.click(screen.getByTestId('handout-submit'));
    await waitFor(() => expect(screen.getByTestId('detail-status').textContent).toBe('Đã trả kết quả'));
    await waitFor(() => expect(screen.queryByTestId('nav-result-ready-count')).toBeNull());
  });
});
