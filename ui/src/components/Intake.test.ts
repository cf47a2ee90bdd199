import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import type { IntakeInput } from '../lib/types';
import Intake from './Intake.svelte';

// Wednesday 4 March 2026, 09:00 in Vietnam.
const NOW = new Date('2026-03-04T02:00:00Z');

async function start(code = '2.000815', query = 'chung thuc ban sao') {
  const fake = createFakeApi({ initialized: true, now: () => NOW });
  setApi(fake);
  const user = userEvent.setup();
  render(Intake, { props: { searchDebounceMs: 0, lookupDebounceMs: 0 } });
  const search = screen.getByTestId('proc-search');
  await waitFor(() => expect(document.activeElement).toBe(search));
  await user.type(search, query);
  await screen.findByTestId(`proc-option-${code}`);
  await user.keyboard('{Enter}');
  await screen.findByTestId('proc-facts');
  await screen.findByTestId('due-explanation');
  return { fake, user };
}

const val = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;

describe('Intake', () => {
  it('shows duration, fee, due preview and prefills the documents from the procedure', async () => {
    await start();
    expect(screen.getByTestId('due-preview').textContent).toContain('17:00 04/03/2026');
    expect(screen.getByTestId('proc-duration').textContent).toContain('Trong ngày');
    expect(screen.getByTestId('proc-fee').textContent).toContain('2.000 đ/trang');
    expect(screen.getByTestId('due-explanation').textContent).toMatch(/15:00/);
    // Focus jumps to the submitter's name after picking.
    expect(document.activeElement).toBe(screen.getByTestId('sub-name'));
    expect((screen.getByTestId('doc-check-0') as HTMLInputElement).checked).toBe(true);
    expect(val('doc-original-0')).toBe('1');
    expect(val('doc-photocopy-1')).toBe('1');
    expect(val('sets-count')).toBe('1');
    const delivery = screen.getByTestId('delivery') as HTMLSelectElement;
    expect(delivery.value).toBe('counter');
    expect(delivery.selectedOptions[0].textContent).toBe('Tại Bộ phận Một cửa');
    expect(screen.queryByTestId('online-only-warning')).toBeNull();
  });

  it('save with an empty name shows the Vietnamese error at the field and keeps what was typed', async () => {
    const { fake, user } = await start();
    await user.type(screen.getByTestId('sub-id'), '001099012345');
    await user.type(screen.getByTestId('sub-phone'), '0912345678');
    await user.type(screen.getByTestId('sub-address'), 'Số 1, xã Định Mỹ');
    await user.clear(screen.getByTestId('doc-photocopy-1'));
    await user.type(screen.getByTestId('doc-photocopy-1'), '3');
    await user.click(screen.getByTestId('intake-save'));

    const err = await screen.findByTestId('field-error-full_name');
    expect(err.textContent).toBe('Chưa nhập họ và tên người nộp hồ sơ.');
    expect(screen.getByTestId('sub-name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('sub-name'));
    // Not shown twice at the top, and nothing typed is lost.
    expect(screen.queryByTestId('intake-error')).toBeNull();
    expect(val('sub-id')).toBe('001099012345');
    expect(val('sub-phone')).toBe('0912345678');
    expect(val('sub-address')).toBe('Số 1, xã Định Mỹ');
    expect(val('doc-photocopy-1')).toBe('3');
    expect(val('proc-search')).toContain('Chứng thực bản sao');
    expect(fake.state.dossiers).toHaveLength(0);

    // Typing in the field clears its error; saving with Ctrl+Enter then goes through.
    await user.type(screen.getByTestId('sub-name'), 'Nguyễn Văn An');
    expect(screen.queryByTestId('field-error-full_name')).toBeNull();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByTestId('intake-result-code');
    expect(fake.state.dossiers).toHaveLength(1);
  });

  it('successful save shows the code, the due time and the receipt with print/save buttons', async () => {
    const { fake, user } = await start();
    await user.type(screen.getByTestId('sub-name'), 'Trần Thị Bình');
    await user.type(screen.getByTestId('sub-id'), '079185000111');
    await user.click(screen.getByTestId('doc-check-1')); // untick the copy
    await user.click(screen.getByTestId('intake-save'));

    const code = await screen.findByTestId('intake-result-code');
    expect(code.textContent).toBe('000.00.31.H29-260304-0001');
    expect(screen.getByTestId('intake-result-due').textContent).toBe('17:00 04/03/2026');
    await waitFor(() => expect(screen.getByTestId('receipt-page-2')).toBeTruthy());
    expect(document.activeElement).toBe(screen.getByTestId('print'));

    const sent = fake.state.calls.find((c) => c.name === 'saveIntake')!.args[0] as IntakeInput;
    expect(sent.submitter.full_name).toBe('Trần Thị Bình');
    expect(sent.owner).toBeNull();
    expect(sent.documents.map((d) => d.name)).toEqual([
      'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao',
    ]);
    expect(sent.sets_count).toBe(1);
    expect(sent.delivery).toBe('counter');

    await user.click(screen.getByTestId('print'));
    expect((await screen.findByTestId('print-message')).textContent).toContain('Máy in thử');
    await user.click(screen.getByTestId('save-pdf'));
    expect((await screen.findByTestId('saved-path')).textContent).toContain('000.00.31.H29-260304-0001.pdf');

    // Alt+N starts a new dossier with an empty form, focus in the procedure search.
    await user.keyboard('{Alt>}n{/Alt}');
    await screen.findByTestId('proc-search');
    expect(val('sub-name')).toBe('');
    expect(document.activeElement).toBe(screen.getByTestId('proc-search'));
  });

  it('a hand-set due time needs a reason, shown at the field, and is sent with +07:00', async () => {
    const { fake, user } = await start();
    await user.type(screen.getByTestId('sub-name'), 'Trần Thị Bình');
    await user.type(screen.getByTestId('sub-id'), '079185000111');
    await user.click(screen.getByTestId('due-override-toggle'));
    const at = screen.getByTestId('due-override-at') as HTMLInputElement;
    await user.clear(at);
    await user.type(at, '2026-03-05T15:00');
    await user.click(screen.getByTestId('intake-save'));
    expect((await screen.findByTestId('field-error-reason')).textContent).toBe('Điều chỉnh ngày hẹn trả phải có lý do.');
    expect(val('sub-name')).toBe('Trần Thị Bình');
    expect(val('due-override-at')).toBe('2026-03-05T15:00');

    await user.type(screen.getByTestId('due-override-reason'), 'Hồ sơ nhiều trang');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    const calls = fake.state.calls.filter((c) => c.name === 'saveIntake');
    const sent = calls[calls.length - 1].args[0] as IntakeInput;
    expect(sent.due_override).toEqual({ due_at: '2026-03-05T15:00:00+07:00', reason: 'Hồ sơ nhiều trang' });
  });

  it('shows uncertain details as warnings after saving, without blocking', async () => {
    const { user } = await start();
    await user.type(screen.getByTestId('sub-name'), 'Trần Thị Bình');
    await user.type(screen.getByTestId('sub-id'), '123456789');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(screen.getByTestId('intake-warnings').textContent).toContain('CMND 9 chữ số');
  });

  it('sends the owner block when ticked and shows owner errors at the owner fields', async () => {
    const { fake, user } = await start();
    await user.type(screen.getByTestId('sub-name'), 'Lê Văn Cường');
    await user.type(screen.getByTestId('sub-id'), '001099012345');
    await user.click(screen.getByTestId('owner-toggle'));
    await user.type(screen.getByTestId('own-id'), '079185000111');
    await user.click(screen.getByTestId('intake-save'));
    expect((await screen.findByTestId('field-error-owner_full_name')).textContent).toBe(
      'Chưa nhập họ và tên người nộp hồ sơ.',
    );
    expect(screen.queryByTestId('field-error-full_name')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('own-name'));
    await user.type(screen.getByTestId('own-name'), 'Công ty TNHH Định Mỹ');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    const sent = fake.state.calls.filter((c) => c.name === 'saveIntake').at(-1)!.args[0] as IntakeInput;
    expect(sent.owner?.full_name).toBe('Công ty TNHH Định Mỹ');
  });

  it('warns about online-only procedures but still saves', async () => {
    const { user } = await start('1.001193', 'dang ky khai sinh');
    expect(screen.getByTestId('online-only-warning').textContent).toContain('trực tuyến');
    const delivery = screen.getByTestId('delivery') as HTMLSelectElement;
    expect([...delivery.options].map((o) => o.textContent)).toEqual([
      'Tại Bộ phận Một cửa',
      'Qua dịch vụ bưu chính công ích',
      'Trực tuyến',
    ]);
    await user.selectOptions(delivery, 'online');
    await user.type(screen.getByTestId('sub-name'), 'Phạm Thị Dung');
    await user.type(screen.getByTestId('sub-id'), '001099012345');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
  });

  it('asks for a procedure first when saving without one', async () => {
    setApi(createFakeApi({ initialized: true }));
    const user = userEvent.setup();
    render(Intake, { props: { searchDebounceMs: 0, lookupDebounceMs: 0 } });
    await user.type(screen.getByTestId('sub-name'), 'Nguyễn Văn An');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await screen.findByTestId('field-error-procedure_code')).textContent).toBe(
      'Chọn thủ tục hành chính để bắt đầu (F2).',
    );
    expect(val('sub-name')).toBe('Nguyễn Văn An');
  });
});
