import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { buildPdf, createFakeApi, DEMO_PASSWORD, foldVietnamese, type FakeApi } from './fake-api';
import type { FeeCollect, FeeInput, IntakeInput, RegisterFilter, RegisterQuery, RegisterSort } from './types';

// Wednesday 4 March 2026, 09:00 in Vietnam.
const NOW = new Date('2026-03-04T02:00:00Z');

function fee(over: Partial<FeeInput> = {}): FeeInput {
  return { copies: 1, pages: 1, exempt_reason: null, collect_at: 'intake', method: 'cash', ...over };
}

const CARD = '001090012345|123456789|Nguyễn Văn An|17051990|Nam|Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội|01072021';

function input(over: Partial<IntakeInput> = {}): IntakeInput {
  return {
    procedure_code: '2.000815',
    received_at: null,
    submitter: { full_name: 'Nguyễn Văn An', id_number: '001099012345', phone: '0912345678', email: '', address: '' },
    owner: null,
    documents: [{ name: 'Bản chính', original: 1, certified: 0, photocopy: 0 }],
    sets_count: 1,
    delivery: 'counter',
    ...over,
  };
}

describe('fake api', () => {
  it('folds Vietnamese diacritics, including đ', () => {
    expect(foldVietnamese('Đăng ký  Khai sinh')).toBe('dang ky khai sinh');
    expect(foldVietnamese('Chứng thực')).toBe('chung thuc');
  });

  it('searches without diacritics', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const chung = await fake.searchProcedures('chung thuc');
    expect(chung.map((p) => p.code)).toEqual(['2.000815', '2.000884']);
    const dk = await fake.searchProcedures('dang ky');
    expect(dk.map((p) => p.name)).toContain('Đăng ký khai sinh');
    expect(await fake.searchProcedures('không có thủ tục này')).toEqual([]);
  });

  it('issues <unit>-YYMMDD-NNNN codes, one sequence per Vietnamese day', async () => {
    // The desk's clock moves on through the evening: the core refuses a receipt time in the future.
    const evening = new Date('2026-03-04T17:30:00Z');
    const fake: FakeApi = createFakeApi({ initialized: true, now: () => (fake.state.dossiers.length < 2 ? NOW : evening) });
    const a = await fake.saveIntake(input());
    const b = await fake.saveIntake(input());
    // 23:30 VN on 4 March is still the 4th; 00:30 VN on the 5th starts a new sequence.
    const c = await fake.saveIntake(input({ received_at: '2026-03-04T16:30:00Z', received_reason: 'Nhập bổ sung sau khi mất điện' }));
    const d = await fake.saveIntake(input({ received_at: '2026-03-04T17:30:00Z', received_reason: 'Nhập bổ sung sau khi mất điện' }));
    expect([a, b, c, d].map((v) => v.summary.code)).toEqual([
      '000.00.31.H29-260304-0001',
      '000.00.31.H29-260304-0002',
      '000.00.31.H29-260304-0003',
      '000.00.31.H29-260305-0001',
    ]);
  });

  it('rejects an empty submitter name with a Vietnamese message and the field path', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const err = await fake
      .saveIntake(input({ submitter: { full_name: '  ', id_number: '', phone: '', email: '', address: '' } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'required',
      field: 'full_name',
      message: 'Chưa nhập họ và tên người nộp hồ sơ.',
    });
    expect(fake.state.dossiers).toHaveLength(0);
  });

  it('answers in English after set_locale("en")', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    await fake.setLocale('en');
    await expect(fake.saveIntake(input({ sets_count: 0 }))).rejects.toMatchObject({
      field: 'sets_count',
      message: 'Sets must be between 1 and 99.',
    });
  });

  it('validates phone, ID number and delivery', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const sub = input().submitter;
    await expect(fake.saveIntake(input({ submitter: { ...sub, phone: '12345' } }))).rejects.toMatchObject({
      code: 'invalid_phone',
      field: 'phone',
    });
    await expect(fake.saveIntake(input({ submitter: { ...sub, id_number: '0123' } }))).rejects.toMatchObject({
      field: 'id_number',
      message: 'Số giấy tờ gồm 4 chữ số: số định danh cá nhân cần 12 chữ số, CMND cũ cần 9 chữ số.',
    });
    await expect(fake.saveIntake(input({ submitter: { ...sub, id_number: '' } }))).rejects.toMatchObject({
      field: 'id_number',
    });
    const owner = { ...sub, full_name: '', id_number: '079185000111' };
    await expect(fake.saveIntake(input({ owner }))).rejects.toMatchObject({ field: 'owner_full_name' });
    await expect(fake.saveIntake(input({ delivery: 'online' }))).rejects.toMatchObject({ field: 'delivery' });
    await expect(
      fake.saveIntake(input({ documents: [{ name: 'x', original: 0, certified: 0, photocopy: 0 }] })),
    ).rejects.toMatchObject({ code: 'no_documents', field: 'documents' });
    // Phones are stored normalised, an empty owner block is no owner.
    const ok = await fake.saveIntake(
      input({ submitter: { ...sub, phone: '+84 912 345 678' }, owner: { ...sub, full_name: '', id_number: '' } }),
    );
    expect(ok.submitter.phone).toBe('0912345678');
    expect(ok.owner).toBeNull();
  });

  it('computes working-day due dates over a weekend', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    // 3 working days from Thursday 5 March 2026, 09:00 VN → Tuesday 10 March, 09:00 VN (the
    // core's rule: working days keep the time of day).
    const due = await fake.previewDue('1.004873', '2026-03-05T02:00:00Z');
    expect(due.due_at).toBe('2026-03-10T02:00:00.000Z');
    expect(due.due_local_text).toBe('09:00 10/03/2026');
    // Same-day procedure received at 15:30 VN on a Friday → Monday.
    const late = await fake.previewDue('2.000815', '2026-03-06T08:30:00Z');
    expect(late.due_local_text).toBe('17:00 09/03/2026');
  });

  it('validates setup and fills the status', async () => {
    const fake = createFakeApi();
    const unit = {
      code: 'bad code',
      name: 'TT',
      parent_authority: 'UBND',
      place: 'X',
      lookup_url: 'https://dvc.example.vn',
      hotline: '1022',
    };
    const acct = { username: 'lan', password: 'matkhau-123' };
    await expect(
      fake.setup({ unit, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true, ...acct }),
    ).rejects.toMatchObject({ code: 'invalid_unit_code', field: 'unit_code' });
    await expect(
      fake.setup({ unit: { ...unit, code: '000.00.31.H29', hotline: ' ' }, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true, ...acct }),
    ).rejects.toMatchObject({ code: 'required', field: 'hotline', message: 'Chưa nhập Đường dây nóng.' });
    const st = await fake.setup({
      unit: { ...unit, code: '000.00.31.h29' },
      desk_name: 'Q1',
      clerk_name: 'Lan',
      load_demo_catalogue: false,
      ...acct,
    });
    expect(st.initialized).toBe(true);
    expect(st.unit?.code).toBe('000.00.31.H29');
    await expect(
      fake.setup({ unit, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true, ...acct }),
    ).rejects.toMatchObject({ field: 'unit_code' });
    await fake.signIn('lan', 'matkhau-123');
    expect(await fake.searchProcedures('')).toEqual([]);
  });

  it('logs prints per form: the first is "print", later ones "reprint"', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const { summary } = await fake.saveIntake(input({ fee: fee() }));
    await fake.printForm('receipt', summary.code);
    await fake.printForm('receipt', summary.code);
    await fake.printForm('fee-receipt', summary.code);
    const path = await fake.saveForm('receipt', summary.code);
    expect(path.endsWith(`${summary.code}.pdf`)).toBe(true);
    expect(await fake.saveForm('fee-receipt', summary.code)).toMatch(/-fee-receipt\.pdf$/);
    const view = await fake.getDossier(summary.code);
    expect(view.prints.map((p) => p.kind)).toEqual(['print', 'reprint', 'print', 'save', 'save']);
    await expect(fake.formPdf('refusal', summary.code)).rejects.toMatchObject({ code: 'form_unavailable' });
    const pdf = new TextDecoder().decode(await fake.formPdf('fee-receipt', summary.code));
    expect(pdf).toContain('BIEN LAI');
  });

  it('builds a PDF whose xref offsets point at the objects', () => {
    const bytes = buildPdf([['a'], ['b (c)']]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((off, i) => expect(text.slice(off).startsWith(`${i + 1} 0 obj`)).toBe(true));
    expect(text).toContain('/Count 2');
  });

  it('computes fees: per-page tiers with a cap per copy, fixed × copies, free, exempt', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    // 2.000 đ for pages 1-2, 1.000 đ from page 3, at most 200.000 đ per copy.
    expect((await fake.previewFee('2.000815', fee({ pages: 1 }))).text).toBe('2.000 đồng');
    const five = await fake.previewFee('2.000815', fee({ pages: 5, copies: 2 }));
    expect(five.amount).toBe(14000);
    expect(five.text).toBe('14.000 đồng');
    expect(five.explanation).toBe('5 trang × 2 bản: 7.000 đồng/bản = 14.000 đồng');
    expect((await fake.previewFee('2.000815', fee({ pages: 500, copies: 3 }))).amount).toBe(600000);
    expect((await fake.previewFee('2.000884', fee({ copies: 3 }))).amount).toBe(30000);
    expect((await fake.previewFee('1.001193', fee())).amount).toBe(0);
    expect((await fake.previewFee('2.000884', fee({ exempt_reason: 'Hộ nghèo' }))).amount).toBe(0);
    await expect(fake.previewFee('2.000884', fee({ copies: 0 }))).rejects.toMatchObject({
      code: 'invalid_fee',
      field: 'fee_copies',
      message: 'Số bản phải từ 1 đến 999.',
    });
    await expect(fake.previewFee('2.000884', fee({ exempt_reason: '' }))).rejects.toMatchObject({
      field: 'fee_exempt_reason',
      message: 'Miễn phí, lệ phí phải ghi rõ lý do.',
    });
    expect((await fake.previewFee('2.000884', fee({ copies: 3 }))).explanation).toBe(
      '3 × 10.000 đồng (trường hợp) = 30.000 đồng',
    );
    expect((await fake.previewFee('1.004873', fee())).explanation).toBe('Chưa có mức thu trong danh mục: không thu tại quầy');
    expect((await fake.getProcedure('2.000815')).fee_kind).toBe('per-page');
    expect((await fake.getProcedure('1.004873')).fee_kind).toBe('unknown');
  });

  it('records the fee: collected with a pending e-receipt, due at result, exempt', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    // The core offers the control sheet (Mẫu 06) from intake on (dossier::forms_for); the old
    // TypeScript fake did not, which is how this test learnt the difference.
    const a = await fake.saveIntake(input({ fee: fee({ pages: 3 }) }));
    expect(a).toMatchObject({ outcome: 'accepted', fee_amount: 5000, fee_state: 'collected', forms: ['receipt', 'fee-receipt', 'control-sheet'] });
    expect(a.fee_receipt).toEqual({ series: 'BLP-26', number: 1, e_receipt_state: 'pending' });
    const b = await fake.saveIntake(input({ fee: fee({ collect_at: 'result' }) }));
    expect(b).toMatchObject({ fee_amount: 2000, fee_state: 'due-at-result', fee_receipt: null, forms: ['receipt', 'control-sheet'] });
    const c = await fake.saveIntake(input({ fee: fee({ exempt_reason: 'Người có công' }) }));
    expect(c).toMatchObject({ fee_amount: 0, fee_state: 'exempt', forms: ['receipt', 'control-sheet'] });
    await expect(fake.saveIntake(input({ fee: fee({ exempt_reason: ' ' }) }))).rejects.toMatchObject({
      field: 'fee_exempt_reason',
    });
    await expect(fake.saveIntake(input({ fee: fee({ collect_at: 'later' as FeeCollect }) }))).rejects.toMatchObject({
      field: 'fee_collect',
    });
    // No fee input: the default (1 copy, 1 page, collected now).
    const d = await fake.saveIntake(input());
    expect(d).toMatchObject({ fee_amount: 2000, fee_state: 'collected', forms: ['receipt', 'fee-receipt', 'control-sheet'] });
    const free = await fake.saveIntake(input({ procedure_code: '1.000894' }));
    expect(free).toMatchObject({ fee_amount: 0, fee_state: 'none', forms: ['receipt', 'control-sheet'] });
  });

  it('supplement needs missing items (deduped by name); refuse needs a reason; both skip the due date', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    await expect(fake.saveIntake(input({ outcome: 'supplement', missing: [] }))).rejects.toMatchObject({
      code: 'missing_required',
      field: 'missing',
      message: 'Phiếu yêu cầu bổ sung phải liệt kê ít nhất một giấy tờ còn thiếu.',
    });
    await expect(
      fake.saveIntake(input({ outcome: 'supplement', missing: [{ name: ' ', reason: 'bản mờ' }] })),
    ).rejects.toMatchObject({ field: 'missing' });
    const s = await fake.saveIntake(
      input({
        outcome: 'supplement',
        documents: [],
        missing: [
          { name: 'Bản sao cần chứng thực', reason: 'Thiếu trang 2' },
          { name: 'ban sao can chung thuc', reason: 'lần nữa' },
        ],
      }),
    );
    expect(s).toMatchObject({ outcome: 'supplement', forms: ['supplement-request'], fee_state: 'none' });
    expect(s.summary).toMatchObject({ status: 'supplement-requested', status_label: 'Chờ bổ sung', due_at: null });
    expect(s.due_explanation).toContain('chưa hẹn ngày trả');
    expect(s.missing).toEqual([
      { name: 'Bản sao cần chứng thực', reason: 'Thiếu trang 2' },
    ]);
    await expect(fake.saveIntake(input({ outcome: 'refuse' }))).rejects.toMatchObject({
      code: 'reason_required',
      field: 'refusal_reason',
      message: 'Phiếu từ chối phải ghi rõ lý do từ chối tiếp nhận.',
    });
    const r = await fake.saveIntake(input({ outcome: 'refuse', refusal_reason: 'Không thuộc thẩm quyền', fee: fee() }));
    expect(r).toMatchObject({
      outcome: 'refused',
      forms: ['refusal'],
      fee_state: 'none',
      fee_amount: 0,
      refusal_reason: 'Không thuộc thẩm quyền',
    });
    expect(s.refusal_reason).toBeNull();
  });

  it('records an accepted online-only procedure as an assisted online submission', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const docs = [{ name: 'Tờ khai', original: 1, certified: 0, photocopy: 0 }];
    const v = await fake.saveIntake(input({ procedure_code: '1.001193', documents: docs }));
    expect(v).toMatchObject({ outcome: 'assisted-online', forms: [], fee_state: 'none' });
    expect(v.summary).toMatchObject({ status: 'submitted-online', status_label: 'Đã hỗ trợ nộp trực tuyến', due_at: null });
    // Refusing one is still a refusal (Mẫu 03).
    const r = await fake.saveIntake(input({ procedure_code: '1.001193', documents: docs, outcome: 'refuse', refusal_reason: 'x' }));
    expect(r).toMatchObject({ outcome: 'refused', forms: ['refusal'] });
  });

  it('checks roles and owner kinds: proxy needs the authorisation, a business owner a valid tax code', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const owner = { full_name: 'Công ty TNHH Định Mỹ', id_number: '0100109105', phone: '', email: '', address: '' };
    await expect(
      fake.saveIntake(input({ submitter_role: 'proxy', owner: { ...owner, id_number: '0100109106' }, owner_kind: 'business' })),
    ).rejects.toMatchObject({ code: 'authorisation_required', field: 'authorisation' });
    await expect(fake.saveIntake(input({ submitter_role: 'proxy', authorisation: 'Số 12/UQ' }))).rejects.toMatchObject({
      code: 'owner_required',
      field: 'owner_full_name',
    });
    await expect(
      fake.saveIntake(input({ submitter_role: 'proxy', authorisation: 'Số 12/UQ', owner, owner_kind: 'business' })),
    ).rejects.toMatchObject({ field: 'owner_id_number', code: 'invalid_tax_code' });
    const ok = await fake.saveIntake(
      input({
        submitter_role: 'proxy',
        authorisation: 'Số 12/UQ',
        owner: { ...owner, id_number: '0100109106' },
        owner_kind: 'business',
      }),
    );
    expect(ok).toMatchObject({ submitter_role: 'proxy', owner_kind: 'business', authorisation: 'Số 12/UQ' });
    // Without an owner block the default role is "owner"; with one, "relative".
    const plain = await fake.saveIntake(input());
    expect(plain).toMatchObject({ submitter_role: 'owner', owner_kind: 'citizen', authorisation: '' });
  });

  it('finds returning applicants by ID prefix or name without diacritics, and their open dossiers', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const sub = { full_name: 'Nguyễn Văn An', id_number: '001090012345', phone: '0912345678', email: '', address: 'Hà Nội' };
    await fake.saveIntake(
      input({ submitter: sub, received_at: '2026-03-02T02:00:00Z', received_reason: 'Nhập bổ sung sau khi mất điện' }),
    );
    await fake.saveIntake(input({ submitter: { ...sub, phone: '0987654321' } }));
    expect(await fake.searchApplicants('ng')).toEqual([]);
    const byName = await fake.searchApplicants('nguyen van');
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({ dossier_count: 2, last_seen: NOW.toISOString() });
    expect(byName[0].applicant.phone).toBe('0987654321');
    expect((await fake.searchApplicants('0010900')).map((h) => h.applicant.full_name)).toEqual(['Nguyễn Văn An']);
    expect(await fake.searchApplicants('tran')).toEqual([]);

    const open = await fake.openDossiers('001090012345', '2.000815');
    expect(open.map((d) => d.code)).toEqual(['000.00.31.H29-260304-0001', '000.00.31.H29-260302-0001']);
    expect(await fake.openDossiers('001090012345', '2.000884')).toEqual([]);
    await fake.saveIntake(input({ submitter: sub, outcome: 'refuse', refusal_reason: 'x', procedure_code: '2.000884' }));
    expect(await fake.openDossiers('001090012345', '2.000884')).toEqual([]);
  });

  it('parses the ID card QR string like the backend, listing every problem', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const ok = await fake.parseIdcard(`${CARD}\r\n`);
    expect(ok).toEqual({
      ok: true,
      card: {
        id_number: '001090012345',
        old_id_number: '123456789',
        full_name: 'Nguyễn Văn An',
        birth_date: '1990-05-17',
        sex: 'male',
        address: 'Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội',
        issue_date: '2021-07-01',
      },
      problems: [],
    });
    const bad = await fake.parseIdcard('001090012345|12|Nguyễn Văn 4n|17051991|Nữ|Hà Nội|01072030');
    expect(bad.ok).toBe(false);
    expect(bad.card).toBeNull();
    const fields = bad.problems.map((p) => p.field);
    expect(fields).toEqual(['old_id_number', 'full_name', 'issue_date', 'id_number', 'id_number']);
    const short = await fake.parseIdcard('001090012345|Nguyễn Văn An');
    expect(short.problems.map((p) => p.field)).toEqual(['input', 'old_id_number']);
    expect(short.problems[0].message).toBe(
      'Mã QR căn cước cần 7 trường ngăn cách bởi dấu |, chuỗi quét được có 2. Hãy quét lại.',
    );
  });
});

describe('fake api: the later life of a dossier (as src/dossier/lifecycle.rs, src/dossier/register.rs)', () => {
  const base: IntakeInput = {
    procedure_code: '2.000884',
    received_at: null,
    submitter: { full_name: 'Nguyễn Văn An', id_number: '001099012345', phone: '', email: '', address: '' },
    owner: null,
    documents: [{ name: 'Giấy tờ, văn bản mà mình sẽ ký', original: 1, certified: 0, photocopy: 0 }],
    sets_count: 1,
    delivery: 'counter',
  };
  const now = () => new Date('2026-03-04T02:00:00Z');

  it('only allows the transitions of lifecycle::allowed and hands out from result-ready only', async () => {
    const fake = createFakeApi({ initialized: true, now });
    const { summary } = await fake.saveIntake(base);
    const r = { fullName: 'Nguyễn Văn An', idNumber: '001099012345', isProxy: false, authorisation: null };
    await expect(fake.handOut(summary.code, r)).rejects.toMatchObject({
      code: 'transition_not_allowed',
      message: 'Không thể chuyển hồ sơ từ trạng thái "Đã tiếp nhận" sang "Đã trả kết quả".',
    });
    await expect(fake.moveDossier(summary.code, 'handed-out', '')).rejects.toMatchObject({ code: 'use_hand_out' });
    await expect(fake.moveDossier(summary.code, 'stopped', '  ')).rejects.toMatchObject({ field: 'reason' });
    await fake.moveDossier(summary.code, 'result-ready', '');
    await expect(fake.moveDossier(summary.code, 'withdrawn', 'x')).rejects.toMatchObject({ code: 'transition_not_allowed' });
    await expect(fake.handOut(summary.code, { ...r, fullName: ' ' })).rejects.toMatchObject({
      field: 'full_name',
      message: 'Phải ghi họ tên người nhận kết quả.',
    });
    const v = await fake.handOut(summary.code, r);
    expect(v.summary.status).toBe('handed-out');
    expect(v.forms).toEqual(['receipt', 'fee-receipt', 'control-sheet', 'handover']);
    expect(new TextDecoder().decode(await fake.formPdf('handover', summary.code))).toContain('BIEN NHAN TRA KET QUA');
  });

  it('searches the register with filters, sort and paging', async () => {
    const fake = createFakeApi({ initialized: true, now });
    await fake.saveIntake(base);
    await fake.saveIntake({ ...base, submitter: { ...base.submitter, full_name: 'Đặng Thị Hoa', id_number: '079185000111' } });
    const q: RegisterQuery = { query: '', filters: [], sort: 'received', offset: 0, limit: 1 };
    const p1 = await fake.searchRegister(q);
    expect(p1).toMatchObject({ total: 2, has_more: true, limit: 1 });
    expect(p1.rows[0].submitter_name).toBe('Đặng Thị Hoa');
    expect((await fake.searchRegister({ ...q, offset: 1 })).has_more).toBe(false);
    expect((await fake.searchRegister({ ...q, query: 'dang hoa' })).rows.map((r) => r.submitter_name)).toEqual(['Đặng Thị Hoa']);
    expect((await fake.searchRegister({ ...q, filters: ['result-ready'] })).total).toBe(0);
    // The desk's command takes a typed query (issue 15): an unknown filter or sort is refused at
    // the boundary as an invalid argument (the old TypeScript fake said unknown_filter/unknown_sort).
    await expect(fake.searchRegister({ ...q, filters: ['late' as RegisterFilter] })).rejects.toMatchObject({ code: 'invalid_argument', field: 'query' });
    await expect(fake.searchRegister({ ...q, sort: 'name' as RegisterSort })).rejects.toMatchObject({ code: 'invalid_argument', field: 'query' });
  });
});

describe('fake sessions (issue 7 contract)', () => {
  const at = (clock: { now: number }) => ({ initialized: true, sessionClock: () => clock.now });

  it('refuses every command but the exempt ones before sign-in', async () => {
    const fake = createFakeApi({ initialized: true, signedIn: null });
    await expect(fake.appStatus()).resolves.toMatchObject({ initialized: true });
    await expect(fake.sessionStatus()).resolves.toMatchObject({ signed_in: false, locked: false, clerk: null });
    await expect(fake.setLocale('vi')).resolves.toBeUndefined();
    for (const call of [
      () => fake.searchProcedures(''),
      () => fake.getDossier('X'),
      () => fake.syncStatus(),
      () => fake.dayReport('2026-03-04'),
      () => fake.listAccounts(),
      () => fake.changePassword('a', 'b'),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'not_signed_in', message: 'Chưa đăng nhập. Hãy đăng nhập bằng tài khoản cán bộ (dòng lệnh: --user hoặc MOTCUA_USER, mật khẩu trong MOTCUA_PASSWORD).' });
    }
    // Nothing to end or lock: no error.
    await expect(fake.signOut()).resolves.toBeUndefined();
    await expect(fake.lockSession()).resolves.toBeUndefined();
    await expect(fake.unlockSession(DEMO_PASSWORD)).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('locks out after 5 wrong passwords in a row for 15 minutes; success resets the count', async () => {
    const clock = { now: Date.parse('2026-03-04T02:00:00Z') };
    const fake = createFakeApi({ ...at(clock), signedIn: null });
    for (let i = 0; i < 4; i++) await expect(fake.signIn('mai', 'x')).rejects.toMatchObject({ code: 'bad_credentials' });
    await fake.signIn('mai', DEMO_PASSWORD);
    expect(fake.state.accounts.find((a) => a.username === 'mai')?.failed_attempts).toBe(0);
    await fake.signOut();
    for (let i = 0; i < 4; i++) await expect(fake.signIn('mai', 'x')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(fake.signIn('MAI', 'x')).rejects.toMatchObject({
      code: 'account_locked',
      message: 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần, đến 09:15 04/03/2026.',
    });
    clock.now += 14 * 60_000;
    await expect(fake.signIn('mai', DEMO_PASSWORD)).rejects.toMatchObject({ code: 'account_locked' });
    clock.now += 60_000;
    await expect(fake.signIn('mai', DEMO_PASSWORD)).resolves.toMatchObject({ username: 'mai', role: 'clerk' });
    // An unknown user: the same answer as a wrong password.
    await expect(fake.signIn('khong-co', DEMO_PASSWORD)).rejects.toMatchObject({ code: 'bad_credentials' });
  });

  it('locks the session by itself after idle_lock_minutes without a command; unlock needs the password', async () => {
    const clock = { now: Date.parse('2026-03-04T02:00:00Z') };
    const fake = createFakeApi(at(clock));
    clock.now += 9 * 60_000;
    await fake.listDossiers('', false); // a command: the idle time starts again
    clock.now += 9 * 60_000;
    // What the app polls by itself (status bar, "Chờ trả" count) is no activity, as on the desk.
    await expect(fake.syncStatus()).resolves.toBeTruthy();
    await expect(fake.resultReadyCount()).resolves.toBe(0);
    clock.now += 1 * 60_000;
    await expect(fake.resultReadyCount()).rejects.toMatchObject({ code: 'session_locked' });
    await expect(fake.syncStatus()).rejects.toMatchObject({
      code: 'session_locked',
      message: 'Phiên làm việc đã khóa do không thao tác. Hãy nhập lại mật khẩu để tiếp tục.',
    });
    await expect(fake.sessionStatus()).resolves.toMatchObject({ signed_in: true, locked: true, clerk: { username: 'lan' } });
    await expect(fake.unlockSession('x')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(fake.unlockSession(DEMO_PASSWORD)).resolves.toMatchObject({ username: 'lan' });
    await expect(fake.syncStatus()).resolves.toBeTruthy();
    // lock_session and sign_out work on a locked session.
    await fake.lockSession();
    await expect(fake.getDossier('X')).rejects.toMatchObject({ code: 'session_locked' });
    await fake.signOut();
    await expect(fake.sessionStatus()).resolves.toMatchObject({ signed_in: false, last_username: 'lan' });
  });

  it('checks roles: admin ⊇ supervisor ⊇ clerk', async () => {
    const clerk = createFakeApi({ initialized: true, signedIn: 'mai' });
    await expect(clerk.dayReport('2026-03-04')).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Tài khoản của bạn không được phép xem báo cáo cuối ngày: cần vai trò giám sát trở lên.',
    });
    await expect(clerk.enroll('http://127.0.0.1:9', 'ABCD-1234', null)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(clerk.setIdleLockMinutes(5)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(clerk.changePassword(DEMO_PASSWORD, 'mat-khau-moi')).resolves.toBeUndefined();
    const sup = createFakeApi({ initialized: true, signedIn: 'giamsat' });
    await expect(sup.dayReport('2026-03-04')).resolves.toBeTruthy();
    await expect(sup.createAccount({ username: 'x.y', full_name: 'X', role: 'admin', password: 'mat-khau-12' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Tài khoản của bạn không được phép quản lý tài khoản: cần vai trò quản trị trở lên.',
    });
    const admin = createFakeApi({ initialized: true });
    await expect(admin.dayReport('2026-03-04')).resolves.toBeTruthy();
    await expect(admin.listAccounts()).resolves.toHaveLength(3);
    // No password ever leaves the backend.
    expect(JSON.stringify(await admin.listAccounts())).not.toContain(DEMO_PASSWORD);
  });

  it('validates the idle minutes and new accounts', async () => {
    const admin = createFakeApi({ initialized: true });
    for (const bad of [0, 241, 1.5, -3]) {
      await expect(admin.setIdleLockMinutes(bad)).rejects.toMatchObject({ field: 'idle_lock_minutes' });
    }
    await admin.setIdleLockMinutes(240);
    expect(admin.state.idle_lock_minutes).toBe(240);
    await expect(admin.createAccount({ username: 'A B', full_name: 'X', role: 'clerk', password: 'mat-khau-12' })).rejects.toMatchObject({ field: 'username' });
    await expect(admin.createAccount({ username: 'ab.c', full_name: ' ', role: 'clerk', password: 'mat-khau-12' })).rejects.toMatchObject({ field: 'full_name' });
    await expect(admin.createAccount({ username: 'ab.c', full_name: 'X', role: 'clerk', password: '1234567' })).rejects.toMatchObject({ code: 'weak_password', field: 'password' });
  });
});
