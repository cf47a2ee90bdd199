import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { syncState } from '../lib/sync.svelte';
import { fakeAt, intake } from '../lib/test-seed';
import DossierDetail from './DossierDetail.svelte';

async function received() {
  const { fake, clock } = fakeAt();
  const d = await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
  setApi(fake);
  return { fake, clock, code: d.summary.code };
}

const status = () => screen.getByTestId('dossier-detail').querySelector('.toolbar .status')?.textContent;

describe('the dossier later life (detail view)', () => {
  it('moves to processing and to result ready, then hands out with the recipient and offers the hand-over note', async () => {
    const { fake, code } = await received();
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('move-in-processing'));
    expect(document.activeElement).toBe(screen.getByTestId('move-reason'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(status()).toBe('Đang xử lý'));
    expect(screen.getByTestId('lifecycle-done').textContent).toBe('Đã chuyển hồ sơ sang "Chuyển xử lý".');
    // Mẫu 06 appears once the dossier left "received"; result-ready is next, received is not.
    expect(screen.getByTestId('form-tab-control-sheet')).toBeTruthy();
    expect(screen.queryByTestId('move-received')).toBeNull();
    await user.click(screen.getByTestId('move-result-ready'));
    await user.click(screen.getByTestId('move-confirm'));
    await screen.findByTestId('handout-form');
    expect(status()).toBe('Có kết quả, chờ trả');
    expect(screen.queryByTestId('move-withdrawn')).toBeNull();

    // An empty name is refused with the backend's Vietnamese message beside the field.
    await user.click(screen.getByTestId('handout-submit'));
    expect((await screen.findByTestId('field-error-full_name')).textContent).toBe('Phải ghi họ tên người nhận kết quả.');
    expect(document.activeElement).toBe(screen.getByTestId('handout-name'));
    await user.type(screen.getByTestId('handout-name'), 'Nguyễn Văn An');
    await user.type(screen.getByTestId('handout-id'), '0010990');
    await user.click(screen.getByTestId('handout-submit'));
    expect((await screen.findByTestId('field-error-id_number')).textContent).toContain('7 chữ số');
    // A proxy needs the authorisation.
    await user.clear(screen.getByTestId('handout-id'));
    await user.type(screen.getByTestId('handout-id'), '001099012345');
    await user.click(screen.getByTestId('handout-proxy'));
    await user.click(screen.getByTestId('handout-submit'));
    expect((await screen.findByTestId('field-error-authorisation')).textContent).toBe('Người nhận thay phải có giấy ủy quyền.');
    expect(fake.state.dossiers[0].summary.status).toBe('result-ready');
    await user.click(screen.getByTestId('handout-proxy'));
    await user.click(screen.getByTestId('handout-submit'));

    await waitFor(() => expect(status()).toBe('Đã trả kết quả'));
    expect(screen.queryByTestId('handout-form')).toBeNull();
    expect(screen.getByTestId('lifecycle-done').textContent).toContain('Nguyễn Văn An');
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('handover');
    await screen.findByTestId('receipt-page-1');
    expect(screen.getByTestId('detail-events').textContent).toContain(
      'Đã trả kết quả cho Nguyễn Văn An (số giấy tờ 001099012345).',
    );
    await user.click(screen.getByTestId('save-pdf'));
    expect((await screen.findByTestId('saved-path')).textContent).toContain(`${code}-handover.pdf`);
    const call = fake.state.calls.filter((c) => c.name === 'handOut').pop()!;
    expect(call.args).toEqual([code, { fullName: 'Nguyễn Văn An', idNumber: '001099012345', isProxy: false, authorisation: null }]);
    // The status bar learns about the change at once.
    await waitFor(() => expect(Number(syncState().status?.pending)).toBe(4));
  });

  it('hands out to a proxy with the authorisation, filling the name from the submitter', async () => {
    const { fake, code } = await received();
    await fake.moveDossier(code, 'result-ready', '');
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('handout-fill-submitter'));
    expect((screen.getByTestId('handout-name') as HTMLInputElement).value).toBe('Nguyễn Văn An');
    await user.click(screen.getByTestId('handout-proxy'));
    await user.type(screen.getByTestId('handout-authorisation'), 'Giấy ủy quyền số 12/UQ ngày 01/03/2026');
    await user.click(screen.getByTestId('handout-submit'));
    await waitFor(() => expect(status()).toBe('Đã trả kết quả'));
    expect(screen.getByTestId('detail-events').textContent).toContain('nhận thay theo giấy ủy quyền: Giấy ủy quyền số 12/UQ');
  });

  it('withdrawn and stopped need a reason; the stop notice follows', async () => {
    const { fake, code } = await received();
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('move-withdrawn'));
    expect(screen.getByTestId('move-form').textContent).toContain('Lý do (bắt buộc)');
    await user.click(screen.getByTestId('move-confirm'));
    expect((await screen.findByTestId('field-error-reason')).textContent).toBe(
      'Chuyển hồ sơ sang trạng thái "Công dân rút hồ sơ" phải có lý do.',
    );
    expect(fake.state.dossiers[0].summary.status).toBe('received');
    // Esc closes the form without leaving the detail.
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('move-form')).toBeNull();
    expect(screen.getByTestId('dossier-detail')).toBeTruthy();

    await user.click(screen.getByTestId('move-withdrawn'));
    await user.type(screen.getByTestId('move-reason'), 'Công dân xin rút để bổ sung giấy tờ khác');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(status()).toBe('Công dân rút hồ sơ'));
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('stop');
    expect(screen.queryByTestId('lifecycle')?.querySelector('button')).toBeNull();
  });

  it('a supplement asked for at intake cannot be resumed: the message says why', async () => {
    const { fake } = fakeAt();
    const d = await fake.saveIntake({
      ...intake('Nguyễn Văn An', '001099012345'),
      outcome: 'supplement',
      missing: [{ name: 'Bản chính', reason: 'Chưa mang' }],
    });
    setApi(fake);
    const user = userEvent.setup();
    render(DossierDetail, { props: { code: d.summary.code, onback: () => {} } });
    await user.click(await screen.findByTestId('move-received'));
    await user.click(screen.getByTestId('move-confirm'));
    expect((await screen.findByTestId('lifecycle-error')).textContent).toContain('hãy tiếp nhận như một hồ sơ mới');
  });

  it('extends the appointment with a reason (Mẫu 04)', async () => {
    const { fake, code } = await received();
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('extend-open'));
    // The form starts from the current appointment (17:00 04/03/2026, Vietnam time).
    expect((screen.getByTestId('extend-date') as HTMLInputElement).value).toBe('2026-03-04');
    expect((screen.getByTestId('extend-time') as HTMLInputElement).value).toBe('17:00');
    await user.click(screen.getByTestId('extend-submit'));
    expect((await screen.findByTestId('field-error-reason')).textContent).toBe('Điều chỉnh ngày hẹn trả phải có lý do.');
    await user.type(screen.getByTestId('extend-reason'), 'Cần xác minh thêm');
    await user.click(screen.getByTestId('extend-submit'));
    expect((await screen.findByTestId('field-error-due_at')).textContent).toBe(
      'Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại (17:00 04/03/2026).',
    );
    const date = screen.getByTestId('extend-date') as HTMLInputElement;
    await user.clear(date);
    await user.type(date, '2026-03-06');
    await user.click(screen.getByTestId('extend-submit'));
    await waitFor(() => expect(screen.getByTestId('detail-due').textContent).toBe('17:00 06/03/2026'));
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('apology');
    const call = fake.state.calls.filter((c) => c.name === 'extendDue').pop()!;
    expect(call.args).toEqual([code, '2026-03-06T17:00:00+07:00', 'Cần xác minh thêm']);
  });
});
