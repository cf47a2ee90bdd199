// Outcomes (Mẫu 01/02/03, assisted online), roles, owner kinds, fees and the forms of the result.
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setApi } from '../lib/api';
import { createFakeApi, type FakeApi } from '../lib/fake-api';
import type { IntakeInput } from '../lib/types';
import Intake from './Intake.svelte';

// Wednesday 4 March 2026, 09:00 in Vietnam.
const NOW = new Date('2026-03-04T02:00:00Z');

async function start(code = '2.000815', query = 'chung thuc ban sao', fake?: FakeApi) {
  const api = fake ?? createFakeApi({ initialized: true, now: () => NOW });
  setApi(api);
  const user = userEvent.setup();
  render(Intake, { props: { searchDebounceMs: 0, lookupDebounceMs: 0 } });
  const search = screen.getByTestId('proc-search');
  await waitFor(() => expect(document.activeElement).toBe(search));
  await user.type(search, query);
  await screen.findByTestId(`proc-option-${code}`);
  await user.keyboard('{Enter}');
  await screen.findByTestId('proc-facts');
  await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('sub-name')));
  return { fake: api, user };
}

const val = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;
const lastSent = (fake: FakeApi) =>
  fake.state.calls.filter((c) => c.name === 'saveIntake').at(-1)!.args[0] as IntakeInput;

async function fillSubmitter(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('sub-name'), 'Trần Thị Bình');
  await user.type(screen.getByTestId('sub-id'), '079185000111');
}

describe('Intake outcomes', () => {
  it('accept: sends the outcome, role and fee; the result offers the receipt, then the fee receipt', async () => {
    const { fake, user } = await start();
    await fillSubmitter(user);
    expect((screen.getByTestId('outcome-accept') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Tiếp nhận (Ctrl+Enter)');
    await waitFor(() => expect(screen.getByTestId('fee-amount').textContent).toContain('2.000 đồng'));
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');

    const sent = lastSent(fake);
    expect(sent.outcome).toBe('accept');
    expect(sent.submitter_role).toBe('owner');
    expect(sent.fee).toEqual({ copies: 1, pages: 1, exempt_reason: null, collect_at: 'intake', method: 'cash' });
    expect(sent.missing).toBeUndefined();
    expect(sent.refusal_reason).toBeUndefined();
    expect(sent.owner_kind).toBeUndefined();
    expect(sent.authorisation).toBeUndefined();

    expect(screen.getByTestId('intake-result-fee').textContent).toContain('Đã thu 2.000 đồng');
    expect(screen.getByTestId('intake-result-fee').textContent).toContain('BLP-26, số 0000001');
    // The first form is previewed and printed; the others are one click away.
    expect(screen.getByTestId('form-tab-receipt').getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('print'));
    await waitFor(() => expect(screen.getByTestId('receipt-page-2')).toBeTruthy());
    await user.keyboard('{Enter}');
    await screen.findByTestId('print-message');
    await user.click(screen.getByTestId('form-tab-fee-receipt'));
    await waitFor(() => expect(screen.getByTestId('receipt-preview').dataset.kind).toBe('fee-receipt'));
    await user.click(screen.getByTestId('print'));
    await screen.findByTestId('print-message');
    await user.click(screen.getByTestId('save-pdf'));
    expect((await screen.findByTestId('saved-path')).textContent).toContain('-fee-receipt.pdf');
    const forms = fake.state.calls
      .filter((c) => c.name === 'printForm' || c.name === 'saveForm')
      .map((c) => `${c.name} ${c.args[0]}`);
    expect(forms).toEqual(['printForm receipt', 'printForm fee-receipt', 'saveForm fee-receipt']);
  });

  it('supplement: pre-fills the missing items from the unticked documents, needs at least one, prints Mẫu 02', async () => {
    const { fake, user } = await start();
    await fillSubmitter(user);
    await user.click(screen.getByTestId('doc-check-1')); // the copy to certify is missing
    await user.keyboard('{Alt>}b{/Alt}');
    expect((screen.getByTestId('outcome-supplement') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Lập phiếu yêu cầu bổ sung (Ctrl+Enter)');
    // No fee for a dossier that is not accepted.
    expect(screen.queryByTestId('fee-section')).toBeNull();
    expect(val('missing-name-0')).toBe('Bản sao cần chứng thực');
    expect(val('missing-reason-0')).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('missing-reason-0')));

    // Removing every item: the backend refuses, the message shows at the editor.
    await user.click(screen.getByTestId('missing-remove-0'));
    await user.click(screen.getByTestId('intake-save'));
    expect((await screen.findByTestId('field-error-missing')).textContent).toBe(
      'Phiếu yêu cầu bổ sung phải liệt kê ít nhất một giấy tờ còn thiếu.',
    );
    expect(fake.state.dossiers).toHaveLength(0);

    await user.click(screen.getByTestId('missing-add'));
    expect(document.activeElement).toBe(screen.getByTestId('missing-name-0'));
    await user.type(screen.getByTestId('missing-name-0'), 'Bản sao cần chứng thực');
    await user.type(screen.getByTestId('missing-reason-0'), 'Thiếu trang 2');
    await user.click(screen.getByTestId('missing-add'));
    await user.type(screen.getByTestId('missing-name-1'), 'Giấy tờ chứng minh quan hệ');
    await user.click(screen.getByTestId('missing-add')); // left blank: not sent
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByTestId('intake-result-code');

    const sent = lastSent(fake);
    expect(sent.outcome).toBe('supplement');
    expect(sent.missing).toEqual([
      { name: 'Bản sao cần chứng thực', reason: 'Thiếu trang 2' },
      { name: 'Giấy tờ chứng minh quan hệ', reason: '' },
    ]);
    expect(sent.fee).toBeUndefined();
    expect(screen.getByTestId('intake-result').textContent).toContain('Đã lập phiếu yêu cầu bổ sung');
    expect(screen.queryByTestId('intake-result-due')).toBeNull();
    expect(screen.queryByTestId('form-tab-receipt')).toBeNull();
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('supplement-request');
    expect(document.activeElement).toBe(screen.getByTestId('print'));
    await user.keyboard('{Enter}');
    await screen.findByTestId('print-message');
    expect(fake.state.calls.find((c) => c.name === 'printForm')!.args[0]).toBe('supplement-request');
  });

  it('the missing list follows the ticks until the clerk edits it', async () => {
    const { user } = await start('1.000894', 'dang ky ket hon');
    await user.click(screen.getByTestId('outcome-supplement'));
    expect(screen.queryByTestId('missing-name-0')).toBeNull();
    await user.click(screen.getByTestId('doc-check-0'));
    expect(val('missing-name-0')).toBe('Tờ khai đăng ký kết hôn');
    await user.type(screen.getByTestId('missing-reason-0'), 'Chưa ký');
    await user.click(screen.getByTestId('doc-check-0'));
    expect(val('missing-reason-0')).toBe('Chưa ký');
  });

  it('refuse: Alt+T focuses the reason, which is required; prints Mẫu 03', async () => {
    const { fake, user } = await start();
    await fillSubmitter(user);
    await user.keyboard('{Alt>}t{/Alt}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('refusal-reason')));
    expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Lập phiếu từ chối (Ctrl+Enter)');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await screen.findByTestId('field-error-refusal_reason')).textContent).toBe(
      'Phiếu từ chối phải ghi rõ lý do từ chối tiếp nhận.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('refusal-reason'));
    await user.type(screen.getByTestId('refusal-reason'), 'Không thuộc thẩm quyền của xã');
    expect(screen.queryByTestId('field-error-refusal_reason')).toBeNull();
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    const sent = lastSent(fake);
    expect(sent).toMatchObject({ outcome: 'refuse', refusal_reason: 'Không thuộc thẩm quyền của xã' });
    expect(sent.fee).toBeUndefined();
    expect(screen.getByTestId('form-panel').dataset.kind).toBe('refusal');
    expect(screen.queryByTestId('form-tab-refusal')).toBeNull();
  });

  it('a proxy needs the authorisation; choosing a proxy opens the owner block', async () => {
    const { fake, user } = await start();
    await fillSubmitter(user);
    expect((screen.getByTestId('submitter-role') as HTMLSelectElement).value).toBe('owner');
    expect(screen.queryByTestId('authorisation')).toBeNull();
    await user.selectOptions(screen.getByTestId('submitter-role'), 'proxy');
    expect((screen.getByTestId('owner-toggle') as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByTestId('own-name'), 'Lê Văn Cường');
    await user.type(screen.getByTestId('own-id'), '001099012345');
    await user.click(screen.getByTestId('intake-save'));
    expect((await screen.findByTestId('field-error-authorisation')).textContent).toBe(
      'Người được ủy quyền phải xuất trình văn bản ủy quyền: hãy ghi số, ngày của giấy ủy quyền.',
    );
    expect(document.activeElement).toBe(screen.getByTestId('authorisation'));
    await user.type(screen.getByTestId('authorisation'), 'Số 12/UQ ngày 02/3/2026');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(lastSent(fake)).toMatchObject({
      submitter_role: 'proxy',
      authorisation: 'Số 12/UQ ngày 02/3/2026',
      owner_kind: 'citizen',
      owner: { full_name: 'Lê Văn Cường' },
    });
  });

  it('the owner block defaults the role to relative; a business owner is named and identified by its tax code', async () => {
    const { fake, user } = await start();
    await fillSubmitter(user);
    await user.click(screen.getByTestId('owner-toggle'));
    expect((screen.getByTestId('submitter-role') as HTMLSelectElement).value).toBe('relative');
    const owner = screen.getByTestId('own-name').closest('fieldset')!;
    expect(within(owner).getByText('Họ và tên')).toBeTruthy();
    await user.selectOptions(screen.getByTestId('owner-kind'), 'business');
    expect(within(owner).getByText('Tên tổ chức/doanh nghiệp')).toBeTruthy();
    expect(within(owner).getByText('Mã số thuế')).toBeTruthy();
    await user.type(screen.getByTestId('own-name'), 'Công ty TNHH 2 thành viên Định Mỹ');
    await user.type(screen.getByTestId('own-id'), '0100109105');
    await user.click(screen.getByTestId('intake-save'));
    expect((await screen.findByTestId('field-error-owner_id_number')).textContent).toContain('sai chữ số kiểm tra');
    await user.clear(screen.getByTestId('own-id'));
    await user.type(screen.getByTestId('own-id'), '0100109106');
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(lastSent(fake)).toMatchObject({
      owner_kind: 'business',
      submitter_role: 'relative',
      owner: { id_number: '0100109106' },
    });
  });

  it('online-only procedures: accepting records an assisted online filing, with no paper form', async () => {
    const { fake, user } = await start('1.001193', 'dang ky khai sinh');
    expect(screen.getByTestId('outcome-online-note').textContent).toContain('hỗ trợ nộp trực tuyến');
    expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Ghi nhận hỗ trợ nộp trực tuyến (Ctrl+Enter)');
    expect(screen.queryByTestId('fee-section')).toBeNull();
    await fillSubmitter(user);
    await user.keyboard('{Alt>}t{/Alt}');
    expect(screen.getByTestId('intake-save').textContent?.trim()).toBe('Lập phiếu từ chối (Ctrl+Enter)');
    expect(screen.queryByTestId('outcome-online-note')).toBeNull();
    await user.keyboard('{Alt>}a{/Alt}');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByTestId('intake-result-code');
    expect(lastSent(fake).outcome).toBe('accept');
    expect(screen.getByTestId('assisted-online-note').textContent).toContain('hỗ trợ nộp trực tuyến');
    expect(screen.queryByTestId('print')).toBeNull();
    expect(screen.queryByTestId('receipt-preview')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('intake-new'));
  });
});

describe('Intake fees', () => {
  it('shows the amount live: pages, copies, exemption; errors inline', async () => {
    const { fake, user } = await start();
    const amount = () => screen.getByTestId('fee-amount').textContent ?? '';
    await waitFor(() => expect(amount()).toContain('2.000 đồng'));
    await user.clear(screen.getByTestId('fee-pages'));
    await user.type(screen.getByTestId('fee-pages'), '5');
    await waitFor(() => expect(amount()).toContain('7.000 đồng'));
    expect(screen.getByTestId('fee-explanation').textContent).toBe('5 trang × 1 bản: 7.000 đồng/bản = 7.000 đồng');
    await user.clear(screen.getByTestId('fee-copies'));
    await user.type(screen.getByTestId('fee-copies'), '2');
    await waitFor(() => expect(amount()).toContain('14.000 đồng'));
    await user.clear(screen.getByTestId('fee-copies'));
    await waitFor(() => expect(screen.getByTestId('fee-error').textContent).toBe('Số bản phải từ 1 đến 999.'));
    await user.type(screen.getByTestId('fee-copies'), '2');
    await waitFor(() => expect(amount()).toContain('14.000 đồng'));

    await user.selectOptions(screen.getByTestId('fee-method'), 'transfer');
    await user.click(screen.getByTestId('fee-exempt'));
    // The reason is required: until it is typed the amount says why it cannot be computed.
    await waitFor(() => expect(screen.getByTestId('fee-error').textContent).toBe('Miễn phí, lệ phí phải ghi rõ lý do.'));
    expect((screen.getByTestId('fee-method') as HTMLSelectElement).disabled).toBe(true);
    await user.type(screen.getByTestId('fee-exempt-reason'), 'Hộ nghèo');
    await waitFor(() => expect(amount().trim()).toBe('0 đồng'));
    expect(screen.getByTestId('fee-explanation').textContent).toBe('Miễn phí, lệ phí: Hộ nghèo');
    await fillSubmitter(user);
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(lastSent(fake).fee).toEqual({ copies: 2, pages: 5, exempt_reason: 'Hộ nghèo', collect_at: 'intake', method: 'transfer' });
    expect(screen.getByTestId('intake-result-fee').textContent).toBe('Được miễn');
    expect(screen.queryByTestId('form-tab-fee-receipt')).toBeNull();
  });

  it('fixed fees have no page count and can be collected at the result; free procedures show no fee section', async () => {
    const { fake, user } = await start('2.000884', 'chung thuc chu ky');
    expect(screen.queryByTestId('fee-pages')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('fee-amount').textContent).toContain('10.000 đồng'));
    await user.selectOptions(screen.getByTestId('fee-collect'), 'result');
    await fillSubmitter(user);
    await user.click(screen.getByTestId('intake-save'));
    await screen.findByTestId('intake-result-code');
    expect(lastSent(fake).fee?.collect_at).toBe('result');
    expect(screen.getByTestId('intake-result-fee').textContent).toBe('Thu 10.000 đồng khi trả kết quả');

    await user.keyboard('{Alt>}n{/Alt}');
    await user.type(screen.getByTestId('proc-search'), 'dang ky ket hon');
    await screen.findByTestId('proc-option-1.000894');
    await user.keyboard('{Enter}');
    await screen.findByTestId('proc-facts');
    expect(screen.queryByTestId('fee-section')).toBeNull();
  });
});
