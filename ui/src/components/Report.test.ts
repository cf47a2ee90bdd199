import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError, setApi } from '../lib/api';
import { fakeAt, intake, NOW } from '../lib/test-seed';
import type { FeeInput } from '../lib/types';
import Report from './Report.svelte';

const fee = (copies: number, pages: number): FeeInput => ({ copies, pages, exempt_reason: null, collect_at: 'intake', method: 'cash' });

async function seeded() {
  const { fake, clock } = fakeAt(new Date('2026-03-03T02:00:00Z'));
  const yesterday = await fake.saveIntake(intake('Lê Văn Cũ', '001099099999')); // due 17:00 03/03: overdue now
  clock.now = NOW;
  // 6 copies × min(200.000, 2 × 2.000 + 198 × 1.000) = 1.200.000 đ
  const a = await fake.saveIntake({ ...intake('Nguyễn Văn An', '001099012345'), procedure_code: '2.000815', fee: fee(6, 200) });
  // 3 × 10.000 đ
  await fake.saveIntake({ ...intake('Trần Thị Bình', '079185000111'), fee: fee(3, 1) });
  // 2 copies × 2.000 đ
  await fake.saveIntake({ ...intake('Lê Thị Cúc', '001099000005'), procedure_code: '2.000815', fee: fee(2, 1) });
  await fake.saveIntake({ ...intake('Phạm Văn Dũng', '001099000006'), outcome: 'refuse', refusal_reason: 'Không thuộc thẩm quyền' });
  await fake.moveDossier(a.summary.code, 'result-ready', '');
  await fake.handOut(a.summary.code, { fullName: 'Nguyễn Văn An', idNumber: '001099012345', isProxy: false, authorisation: null });
  setApi(fake);
  return { fake, clock, yesterday };
}

describe('Report (báo cáo cuối ngày)', () => {
  it("shows today's figures, fees in đồng and bars proportional to the counts", async () => {
    await seeded();
    render(Report, { props: { now: () => NOW } });
    await waitFor(() => expect(screen.getByTestId('report-received').textContent).toBe('4'));
    expect((screen.getByTestId('report-date') as HTMLInputElement).value).toBe('2026-03-04');
    expect(screen.getByTestId('report-handed-out').textContent).toBe('1');
    expect(screen.getByTestId('report-overdue').textContent).toBe('1');
    expect(screen.getByTestId('report-due-next').parentElement!.textContent).toContain('05/03/2026');
    expect(screen.getByTestId('report-fees-total').textContent).toBe('1.234.000 đ');
    expect(screen.getByTestId('report-fee-0').textContent).toContain('Nguyễn Thị Lan');
    expect(screen.getByTestId('report-fee-0').textContent).toContain('1.234.000 đ');
    expect(screen.getByTestId('report-on-time').textContent).toBe('100 %');

    // 2.000815 twice, 2.000884 twice (one refused): equal bars; the outcome bars 3 : 1.
    const proc = [0, 1].map((i) => screen.getByTestId(`report-chart-procedure-bar-${i}`));
    expect(proc.map((b) => b.dataset.value)).toEqual(['2', '2']);
    expect(proc[0].getAttribute('width')).toBe(proc[1].getAttribute('width'));
    const accepted = Number(screen.getByTestId('report-chart-outcomes-bar-0').getAttribute('width'));
    const refused = Number(screen.getByTestId('report-chart-outcomes-bar-2').getAttribute('width'));
    expect(accepted).toBe(230);
    expect(refused).toBe(Math.round(230 / 3));
    expect(Number(screen.getByTestId('report-chart-outcomes-bar-1').getAttribute('width'))).toBe(0);
    expect(screen.getByTestId('report-chart-fees-value-0').textContent).toBe('1.234.000 đ');
  });

  it('another date through the picker; an empty day says so', async () => {
    const { fake } = await seeded();
    const user = userEvent.setup();
    render(Report, { props: { now: () => NOW } });
    await waitFor(() => expect(screen.getByTestId('report-received').textContent).toBe('4'));
    const date = screen.getByTestId('report-date') as HTMLInputElement;
    await user.clear(date);
    await user.type(date, '2026-03-03');
    await waitFor(() => expect(screen.getByTestId('report-received').textContent).toBe('1'));
    expect(screen.getByTestId('report-fees-total').textContent).toBe('10.000 đ');
    expect(screen.getByTestId('report-on-time').textContent).toBe('—');
    await user.clear(date);
    await user.type(date, '2026-03-01');
    await screen.findByTestId('report-empty');
    expect(screen.getByTestId('report-no-fees')).toBeTruthy();
    expect(fake.state.calls.filter((c) => c.name === 'dayReport').map((c) => c.args[0])).toContain('2026-03-01');
  });

  it('saves the PDF and the XLSX and shows where', async () => {
    const { fake } = await seeded();
    const user = userEvent.setup();
    render(Report, { props: { now: () => NOW } });
    await waitFor(() => expect(screen.getByTestId('report-received').textContent).toBe('4'));
    await user.click(screen.getByTestId('report-save-pdf'));
    expect((await screen.findByTestId('report-saved')).textContent).toContain('bao-cao-ngay-2026-03-04.pdf');
    await user.click(screen.getByTestId('report-save-xlsx'));
    await waitFor(() => expect(screen.getByTestId('report-saved').textContent).toContain('bao-cao-ngay-2026-03-04.xlsx'));
    expect(fake.state.calls.filter((c) => c.name === 'saveDayReport').map((c) => c.args)).toEqual([
      ['2026-03-04', 'pdf'],
      ['2026-03-04', 'xlsx'],
    ]);
    fake.saveDayReport = async () => {
      throw new ApiError('io', 'Không ghi được tệp: hết dung lượng.');
    };
    await user.click(screen.getByTestId('report-save-pdf'));
    expect((await screen.findByTestId('report-save-error')).textContent).toBe('Không ghi được tệp: hết dung lượng.');
  });
});
