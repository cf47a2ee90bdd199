import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError, setApi } from '../lib/api';
import { fakeAt, intake } from '../lib/test-seed';
import DossierDetail from './DossierDetail.svelte';

async function received() {
  const { fake } = fakeAt();
  const d = await fake.saveIntake(intake('Nguyễn Văn An', '001099012345'));
  setApi(fake);
  return { fake, code: d.summary.code };
}

describe('correcting a dossier and its appointments (detail view)', () => {
  it('corrects the submitter name with a reason and shows the corrected receipt', async () => {
    const { fake, code } = await received();
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('correct-open'));
    expect(document.activeElement).toBe(screen.getByTestId('correct-field'));
    // The procedure and the received time are not offered.
    const options = [...screen.getByTestId('correct-field').querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['full_name', 'id_number', 'phone', 'email', 'address']);
    expect(screen.getByTestId('correct-before').textContent).toBe('Đang ghi: Nguyễn Văn An');
    const value = screen.getByTestId('correct-value') as HTMLInputElement;
    expect(value.value).toBe('Nguyễn Văn An');
    await user.clear(value);
    await user.type(value, 'Nguyễn Văn Anh');
    await user.type(screen.getByTestId('correct-reason'), 'Gõ thiếu chữ');
    await user.click(screen.getByTestId('correct-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('correction-done').textContent).toBe(
        'Đã đính chính Họ tên (người nộp). Hãy in lại giấy tiếp nhận (bản đính chính).',
      ),
    );
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('receipt');
    const call = fake.state.calls.filter((c) => c.name === 'correctDossier').pop()!;
    expect(call.args).toEqual([code, 'full_name', 'Nguyễn Văn Anh', 'Gõ thiếu chữ']);
  });

  it("shows the core's refusal beside the field it names", async () => {
    const { fake, code } = await received();
    fake.correctDossier = async () => {
      throw new ApiError('reason_required', 'Đính chính hồ sơ phải có lý do.', 'reason');
    };
    const user = userEvent.setup();
    render(DossierDetail, { props: { code, onback: () => {} } });
    await user.click(await screen.findByTestId('correct-open'));
    await user.selectOptions(screen.getByTestId('correct-field'), 'id_number');
    expect((screen.getByTestId('correct-value') as HTMLInputElement).value).toBe('001099012345');
    await user.click(screen.getByTestId('correct-submit'));
    expect((await screen.findByTestId('field-error-reason')).textContent).toBe('Đính chính hồ sơ phải có lý do.');
    fake.correctDossier = async () => {
      throw new ApiError('invalid_id_number', 'Số định danh phải có 12 chữ số.', 'id_number');
    };
    await user.type(screen.getByTestId('correct-reason'), 'Sai số');
    await user.click(screen.getByTestId('correct-submit'));
    expect((await screen.findByTestId('field-error-value')).textContent).toBe('Số định danh phải có 12 chữ số.');
  });

  it('shows the first appointment beside the extended one', async () => {
    const { fake, code } = await received();
    const d = fake.state.dossiers[0];
    d.first_due_at = '2026-03-04T10:00:00Z';
    d.summary.due_at = '2026-03-06T10:00:00Z';
    render(DossierDetail, { props: { code, onback: () => {} } });
    expect((await screen.findByTestId('detail-due-first')).textContent).toBe('17:00 04/03/2026');
    expect(screen.getByTestId('detail-due').textContent).toBe('17:00 06/03/2026');
    expect(screen.getByTestId('dossier-detail').textContent).toContain('Hẹn trả sau gia hạn (Mẫu 04)');
  });
});
