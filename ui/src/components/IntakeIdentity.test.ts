// Who is at the counter: returning applicants, unfinished dossiers, the ID-card QR scan, and the
// keystroke budget of a scanned intake.
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { setApi } from '../lib/api';
import { createFakeApi, type FakeApi } from '../lib/fake-api';
import type { IntakeInput } from '../lib/types';
import Intake from './Intake.svelte';

// Wednesday 4 March 2026, 09:00 in Vietnam.
const NOW = new Date('2026-03-04T02:00:00Z');

const CARD =
  '001090012345|123456789|Nguyễn Văn An|17051990|Nam|Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội|01072021';
/** As user-event's keyboard() wants it ({ and [ start key descriptors). */
const typed = (s: string) => s.replace(/[{[]/g, '$&$&');

const AN = {
  full_name: 'Nguyễn Văn An',
  id_number: '001090012345',
  phone: '0912345678',
  email: 'an@example.vn',
  address: 'Số 12 ngõ 34 phố Huế, Hà Nội',
};

function seeded(): FakeApi {
  return createFakeApi({ initialized: true, now: () => NOW });
}

async function earlier(fake: FakeApi, over: Partial<IntakeInput> = {}) {
  return fake.saveIntake({
    procedure_code: '2.000815',
    received_at: '2026-03-02T02:00:00Z',
    // Tests record past days: a backdated intake needs its reason.
    received_reason: 'Nhập bổ sung sau khi mất điện',
    submitter: AN,
    owner: null,
    documents: [{ name: 'Bản chính', original: 1, certified: 0, photocopy: 0 }],
    sets_count: 1,
    delivery: 'counter',
    ...over,
  });
}

async function start(fake: FakeApi, code = '2.000815', query = 'chung thuc ban sao') {
  setApi(fake);
  const user = userEvent.setup();
  // A generous burst gap: a loaded test machine must not split the simulated scanner's burst.
  render(Intake, { props: { searchDebounceMs: 0, lookupDebounceMs: 0, scanGapMs: 200, scanEndMs: 3000 } });
  const search = screen.getByTestId('proc-search');
  await waitFor(() => expect(document.activeElement).toBe(search));
  await user.type(search, query);
  await screen.findByTestId(`proc-option-${code}`);
  await user.keyboard('{Enter}');
  await screen.findByTestId('proc-facts');
  await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-name')));
  return user;
}

const val = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Returning applicants', () => {
  it('suggests people by name without diacritics; ↓ Enter fills the block and moves to the phone', async () => {
    const fake = seeded();
    await earlier(fake);
    const user = await start(fake);
    await user.type(screen.getByTestId('sub-name'), 'ng');
    expect(screen.queryByTestId('applicant-hit-0')).toBeNull();
    await user.type(screen.getByTestId('sub-name'), 'uyen van');
    const hit = await screen.findByTestId('applicant-hit-0');
    expect(hit.textContent).toContain('001090012345');
    expect(hit.textContent).toContain('1 hồ sơ · lần cuối 09:00 02/03/2026');
    // Enter without a choice does nothing; ↓ chooses, Enter fills.
    await user.keyboard('{Enter}');
    expect(val('sub-id')).toBe('');
    await user.keyboard('{ArrowDown}');
    expect(hit.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(screen.queryByTestId('applicant-hit-0')).toBeNull();
    expect(val('sub-name')).toBe('Nguyễn Văn An');
    expect(val('sub-id')).toBe('001090012345');
    expect(val('sub-phone')).toBe('0912345678');
    expect(val('sub-email')).toBe('an@example.vn');
    expect(val('sub-address')).toBe('Số 12 ngõ 34 phố Huế, Hà Nội');
    expect(document.activeElement).toBe(screen.getByTestId('sub-phone'));
  });

  it('suggests by ID number prefix; Esc closes the list and keeps the text', async () => {
    const fake = seeded();
    await earlier(fake);
    const user = await start(fake);
    await user.type(screen.getByTestId('sub-id'), '00109');
    await screen.findByTestId('applicant-hit-0');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('applicant-hit-0')).toBeNull();
    expect(val('sub-id')).toBe('00109');
    expect(val('sub-name')).toBe('');
    // A click picks too.
    await user.type(screen.getByTestId('sub-id'), '0');
    await user.click(await screen.findByTestId('applicant-hit-0'));
    expect(val('sub-name')).toBe('Nguyễn Văn An');
  });

  it('warns, without blocking, about unfinished dossiers of the same person for the same procedure', async () => {
    const fake = seeded();
    const first = await earlier(fake);
    await earlier(fake, { procedure_code: '2.000884' }); // another procedure: not listed
    const user = await start(fake);
    await user.type(screen.getByTestId('sub-name'), 'Nguyễn Văn An');
    await user.type(screen.getByTestId('sub-id'), '001090012345');
    const warning = await screen.findByTestId('open-dossier-warning');
    expect(warning.textContent).toBe(
      `Người này đang có hồ sơ chưa hoàn thành cho thủ tục này: ${first.summary.code} (Đã tiếp nhận)`,
    );
    const calls = fake.state.calls.filter((c) => c.name === 'openDossiers');
    expect(calls.at(-1)!.args).toEqual(['001090012345', '2.000815']);
    // Still saves.
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
  });

  it("checks the owner's ID number too", async () => {
    const fake = seeded();
    const first = await earlier(fake);
    const user = await start(fake);
    await user.type(screen.getByTestId('sub-name'), 'Trần Thị Bình');
    await user.type(screen.getByTestId('sub-id'), '079185000111');
    expect(screen.queryByTestId('open-dossier-warning')).toBeNull();
    await user.click(screen.getByTestId('owner-toggle'));
    await user.type(screen.getByTestId('own-id'), '001090012345');
    expect((await screen.findByTestId('open-dossier-warning')).textContent).toContain(first.summary.code);
  });
});

describe('ID card scan', () => {
  it('an invalid QR string shows the problems and changes nothing', async () => {
    const fake = seeded();
    const user = await start(fake);
    await user.type(screen.getByTestId('sub-name'), 'Trần');
    await user.type(screen.getByTestId('sub-phone'), '0912');
    await user.click(screen.getByTestId('sub-name'));
    await pause(250); // the clerk pauses before scanning
    const bad = '001090012345|12|Nguyễn Văn An|17051991|Nam|Hà Nội|01072021';
    await user.keyboard(`${typed(bad)}{Enter}`);
    const problems = await screen.findByTestId('idcard-problems');
    expect(problems.textContent).toContain('Số CMND cũ trên mã QR phải gồm 9 hoặc 12 chữ số (nhận được "12").');
    expect(problems.textContent).toContain('Hai chữ số năm sinh trong số định danh là 90, nhưng ngày sinh là 17/05/1991.');
    expect(fake.state.calls.filter((c) => c.name === 'parseIdcard').map((c) => c.args[0])).toEqual([bad]);
    expect(val('sub-name')).toBe('Trần');
    expect(val('sub-id')).toBe('');
    expect(val('sub-phone')).toBe('0912');
    expect(val('sub-address')).toBe('');
    expect(document.activeElement).toBe(screen.getByTestId('sub-name'));
    await user.click(screen.getByTestId('idcard-problems-close'));
    expect(screen.queryByTestId('idcard-problems')).toBeNull();
  });

  it('a valid QR string fills name, ID and address wherever the focus is, then focuses the phone', async () => {
    const fake = seeded();
    const user = await start(fake);
    // Focus in the procedure search: the scan must not land there either.
    await user.click(screen.getByTestId('proc-search'));
    const before = val('proc-search');
    await pause(250);
    await user.keyboard(`${typed(CARD)}{Enter}`);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-phone')));
    expect(val('sub-name')).toBe('Nguyễn Văn An');
    expect(val('sub-id')).toBe('001090012345');
    expect(val('sub-address')).toBe('Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội');
    expect(val('proc-search')).toBe(before);
    expect(screen.getByTestId('sub-card-info').textContent).toContain('ngày sinh 17/05/1990, giới tính Nam');
    expect(screen.queryByTestId('idcard-problems')).toBeNull();
    expect(fake.state.calls.filter((c) => c.name === 'parseIdcard').map((c) => c.args[0])).toEqual([CARD]);
  });

  it('a scan without a final Enter ends after a pause; typed into the ID field it leaves no trace', async () => {
    const fake = seeded();
    setApi(fake);
    const user = userEvent.setup();
    render(Intake, { props: { searchDebounceMs: 0, lookupDebounceMs: 0, scanGapMs: 200, scanEndMs: 300 } });
    await user.click(screen.getByTestId('sub-id'));
    await user.keyboard(typed(CARD));
    await waitFor(() => expect(val('sub-name')).toBe('Nguyễn Văn An'));
    expect(val('sub-id')).toBe('001090012345');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-phone')));
  });

  it('a scan in the owner block fills the owner', async () => {
    const fake = seeded();
    const user = await start(fake);
    await user.click(screen.getByTestId('owner-toggle'));
    await user.click(screen.getByTestId('own-name'));
    await pause(250);
    await user.keyboard(`${typed(CARD)}{Enter}`);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('own-phone')));
    expect(val('own-name')).toBe('Nguyễn Văn An');
    expect(val('sub-name')).toBe('');
  });
});

describe('Keystroke budget', () => {
  it('records a complete dossier from an ID-card scan in at most 12 keystrokes besides the scan', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    setApi(fake);
    const user = userEvent.setup();
    render(App, {
      props: { searchDebounceMs: 0, listDebounceMs: 0, lookupDebounceMs: 0, scanGapMs: 200, scanEndMs: 3000 },
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('proc-search')));

    let keystrokes = 0;
    const modifiers = new Set(['Control', 'Shift', 'Alt', 'Meta']);
    const count = (e: KeyboardEvent) => {
      if (!modifiers.has(e.key)) keystrokes++;
    };
    document.addEventListener('keydown', count, true);

    await user.keyboard('{F2}');
    await user.keyboard('ban sao');
    await screen.findByTestId('proc-option-2.000815');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-name')));
    await screen.findByTestId('proc-facts');

    document.removeEventListener('keydown', count, true);
    await user.keyboard(`${typed(CARD)}{Enter}`); // the scanner, not the clerk
    document.addEventListener('keydown', count, true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-phone')));

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByTestId('intake-result-code');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('print')));
    await user.keyboard('{Enter}');
    await screen.findByTestId('print-message');
    document.removeEventListener('keydown', count, true);

    expect(keystrokes).toBe(11); // F2, 7 letters, Enter, Ctrl+Enter, Enter
    expect(keystrokes).toBeLessThanOrEqual(12);
    expect(fake.state.dossiers).toHaveLength(1);
    const d = fake.state.dossiers[0];
    expect(d.submitter).toMatchObject({ full_name: 'Nguyễn Văn An', id_number: '001090012345' });
    expect(d.outcome).toBe('accepted');
    expect(d.prints.map((p) => p.kind)).toEqual(['print']);
    expect(fake.state.calls.find((c) => c.name === 'printForm')!.args).toEqual(['receipt', d.summary.code]);
  });
});
