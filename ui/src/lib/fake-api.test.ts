import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { buildPdf, createFakeApi, foldVietnamese } from './fake-api';
import type { IntakeInput } from './types';

// Wednesday 4 March 2026, 09:00 in Vietnam.
const NOW = new Date('2026-03-04T02:00:00Z');

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
    const fake = createFakeApi({ initialized: true });
    const chung = await fake.searchProcedures('chung thuc');
    expect(chung.map((p) => p.code)).toEqual(['2.000815', '2.000884']);
    const dk = await fake.searchProcedures('dang ky');
    expect(dk.map((p) => p.name)).toContain('Đăng ký khai sinh');
    expect(await fake.searchProcedures('không có thủ tục này')).toEqual([]);
  });

  it('issues <unit>-YYMMDD-NNNN codes, one sequence per Vietnamese day', async () => {
    const fake = createFakeApi({ initialized: true, now: () => NOW });
    const a = await fake.saveIntake(input());
    const b = await fake.saveIntake(input());
    // 23:30 VN on 4 March is still the 4th; 00:30 VN on the 5th starts a new sequence.
    const c = await fake.saveIntake(input({ received_at: '2026-03-04T16:30:00Z' }));
    const d = await fake.saveIntake(input({ received_at: '2026-03-04T17:30:00Z' }));
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
    const fake = createFakeApi({ initialized: true });
    await fake.setLocale('en');
    await expect(fake.saveIntake(input({ sets_count: 0 }))).rejects.toMatchObject({
      field: 'sets_count',
      message: 'Sets must be between 1 and 99.',
    });
  });

  it('validates phone, ID number and delivery', async () => {
    const fake = createFakeApi({ initialized: true });
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
    const fake = createFakeApi({ initialized: true });
    // 3 working days from Thursday 5 March 2026 → Tuesday 10 March, 17:00 VN.
    const due = await fake.previewDue('1.004873', '2026-03-05T02:00:00Z');
    expect(due.due_at).toBe('2026-03-10T10:00:00.000Z');
    expect(due.due_local_text).toBe('17:00 10/03/2026');
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
    await expect(
      fake.setup({ unit, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true }),
    ).rejects.toMatchObject({ code: 'invalid_unit_code', field: 'unit_code' });
    await expect(
      fake.setup({ unit: { ...unit, code: '000.00.31.H29', hotline: ' ' }, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true }),
    ).rejects.toMatchObject({ code: 'required', field: 'hotline', message: 'Chưa nhập Đường dây nóng.' });
    const st = await fake.setup({
      unit: { ...unit, code: '000.00.31.h29' },
      desk_name: 'Q1',
      clerk_name: 'Lan',
      load_demo_catalogue: false,
    });
    expect(st.initialized).toBe(true);
    expect(st.unit?.code).toBe('000.00.31.H29');
    await expect(
      fake.setup({ unit, desk_name: 'Q1', clerk_name: 'Lan', load_demo_catalogue: true }),
    ).rejects.toMatchObject({ field: 'unit_code' });
    expect(await fake.searchProcedures('')).toEqual([]);
  });

  it('logs prints: the first is "print", later ones "reprint"', async () => {
    const fake = createFakeApi({ initialized: true });
    const { summary } = await fake.saveIntake(input());
    await fake.printReceipt(summary.code);
    await fake.printReceipt(summary.code);
    const path = await fake.saveReceipt(summary.code);
    expect(path.endsWith(`${summary.code}.pdf`)).toBe(true);
    const view = await fake.getDossier(summary.code);
    expect(view.prints.map((p) => p.kind)).toEqual(['print', 'reprint', 'save']);
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
});
