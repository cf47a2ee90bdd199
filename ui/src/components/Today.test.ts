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
});
