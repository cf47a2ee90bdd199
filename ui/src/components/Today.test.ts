import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import { setPdfRenderer } from '../lib/pdf';
import type { IntakeInput } from '../lib/types';
import Today from './Today.svelte';

const NOW = new Date('2026-03-04T02:00:00Z');

function intake(name: string, id: string, at: string | null = null): IntakeInput {
  return {
    procedure_code: '2.000884',
    received_at: at,
    // A dossier of a past day is a backdated intake: it needs its reason.
    ...(at ? { received_reason: 'Nhập bổ sung sau khi mất điện' } : {}),
    submitter: { full_name: name, id_number: id, phone: '', email: '', address: '' },
    owner: null,
    documents: [{ name: 'Giấy tờ, văn bản mà mình sẽ ký', original: 1, certified: 0, photocopy: 0 }],
    sets_count: 1,
    delivery: 'counter',
  };
}

async function seeded() {
  const fake = createFakeApi({ initialized: true, now: () => NOW });
  await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
  await fake.saveIntake(intake('Trần Thị Bình', '079185000111'));
  await fake.saveIntake(intake('Lê Văn Cũ', '001099099999', '2026-03-02T02:00:00Z')); // two days ago
  setApi(fake);
  return fake;
}

describe('Today', () => {
  it("lists today's dossiers in Vietnam time and filters by name without diacritics", async () => {
    await seeded();
    const user = userEvent.setup();
    render(Today, { props: { debounceMs: 0 } });
    const row = await screen.findByTestId('dossier-row-000.00.31.H29-260304-0001');
    expect(row.textContent).toContain('Nguyễn Văn An');
    expect(row.textContent).toContain('09:00 04/03/2026');
    expect(row.textContent).toContain('Đã tiếp nhận');
    expect(screen.queryByTestId('dossier-row-000.00.31.H29-260302-0001')).toBeNull();

    await user.type(screen.getByTestId('today-search'), 'tran thi');
    await waitFor(() => expect(screen.queryByTestId('dossier-row-000.00.31.H29-260304-0001')).toBeNull());
    expect(screen.getByTestId('dossier-row-000.00.31.H29-260304-0002')).toBeTruthy();

    await user.clear(screen.getByTestId('today-search'));
    await user.click(screen.getByTestId('today-only'));
    await screen.findByTestId('dossier-row-000.00.31.H29-260302-0001');
  });

  it('opens the detail with Enter, reprints, logs it, and Esc goes back', async () => {
    const fake = await seeded();
    const user = userEvent.setup();
    render(Today, { props: { debounceMs: 0 } });
    await screen.findByTestId('dossier-row-000.00.31.H29-260304-0002');
    // Newest first: ↓ from the search box lands on the newest row.
    screen.getByTestId('today-search').focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByTestId('dossier-row-000.00.31.H29-260304-0002'));
    await user.keyboard('{ArrowDown}{Enter}');

    const detail = await screen.findByTestId('dossier-detail');
    await waitFor(() => expect(detail.textContent).toContain('Nguyễn Văn An'));
    expect(screen.getByTestId('detail-due').textContent).toBe('17:00 04/03/2026');
    expect(screen.getByTestId('detail-no-prints')).toBeTruthy();

    await user.click(screen.getByTestId('reprint'));
    await screen.findByTestId('print-log-0');
    expect(screen.getByTestId('print-log-0').textContent).toContain('In');
    await user.click(screen.getByTestId('save-pdf'));
    expect((await screen.findByTestId('print-log-1')).textContent).toContain('Lưu PDF');
    expect(screen.getByTestId('saved-path').textContent).toContain('000.00.31.H29-260304-0001.pdf');
    expect(fake.state.dossiers[0].prints.map((p) => p.kind)).toEqual(['print', 'save']);

    await user.keyboard('{Escape}');
    await screen.findByTestId('today-search');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByTestId('dossier-row-000.00.31.H29-260304-0001')),
    );
  });

  it('shows a render failure but keeps print and save usable', async () => {
    await seeded();
    setPdfRenderer(async () => {
      throw new Error('canvas unavailable');
    });
    const user = userEvent.setup();
    render(Today, { props: { debounceMs: 0 } });
    await user.click(await screen.findByTestId('dossier-row-000.00.31.H29-260304-0001'));
    const err = await screen.findByTestId('receipt-render-error');
    expect(err.textContent).toContain('canvas unavailable');
    const reprint = screen.getByTestId('reprint') as HTMLButtonElement;
    expect(reprint.disabled).toBe(false);
    await user.click(reprint);
    await screen.findByTestId('print-message');
  });

  it("the detail shows the outcome and fee and offers the dossier's own forms", async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const base = intake('Nguyễn Văn An', '001099012345');
    const paid = await fake.saveIntake({
      ...base,
      fee: { copies: 2, pages: 1, exempt_reason: null, collect_at: 'intake', method: 'cash' },
    });
    const asked = await fake.saveIntake({
      ...base,
      outcome: 'supplement',
      missing: [{ name: 'Giấy tờ, văn bản mà mình sẽ ký', reason: 'Bản mờ' }],
    });
    const online = await fake.saveIntake({ ...base, procedure_code: '1.001193' });
    setApi(fake);
    const user = userEvent.setup();
    render(Today, { props: { debounceMs: 0 } });

    await user.click(await screen.findByTestId(`dossier-row-${paid.summary.code}`));
    await screen.findByTestId('dossier-detail');
    await waitFor(() => expect(screen.getByTestId('detail-outcome').textContent).toBe('Tiếp nhận'));
    expect(screen.getByTestId('detail-fee').textContent).toContain('Đã thu 20.000 đồng');
    expect(screen.getByTestId('detail-fee').textContent).toContain('chờ phát hành');
    await user.click(screen.getByTestId('form-tab-fee-receipt'));
    await user.click(screen.getByTestId('reprint'));
    await screen.findByTestId('print-log-0');
    expect(fake.state.calls.find((c) => c.name === 'printForm')!.args).toEqual(['fee-receipt', paid.summary.code]);
    await user.keyboard('{Escape}');

    await user.click(await screen.findByTestId(`dossier-row-${asked.summary.code}`));
    await waitFor(() =>
      expect(screen.getByTestId('detail-outcome').textContent).toBe('Yêu cầu bổ sung, hoàn thiện'),
    );
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('supplement-request');
    expect(screen.getByTestId('detail-missing').textContent).toContain('Bản mờ');
    expect(screen.queryByTestId('form-tab-receipt')).toBeNull();
    await user.keyboard('{Escape}');

    await user.click(await screen.findByTestId(`dossier-row-${online.summary.code}`));
    await screen.findByTestId('assisted-online-note');
    expect(screen.queryByTestId('reprint')).toBeNull();
  });
});
