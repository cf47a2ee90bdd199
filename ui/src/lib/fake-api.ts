// In-memory stand-in for the Rust backend: used by the vitest tests and by the browser preview
// (`npm run dev` outside Tauri). It mimics the real commands closely enough for the UI: validation
// errors carry a translated message and the dotted `field` path, dossier codes follow
// `<unit code>-YYMMDD-NNNN`, search is diacritic-insensitive, receipts are real (tiny) PDFs.
// It is NOT the source of truth for any rule: the Rust core is.

import { ApiError, type Api } from './api';
import { vnDateKey, formatVnTime } from './time';
import type {
  Applicant,
  AppStatus,
  DossierSummary,
  DossierView,
  DuePreview,
  IntakeInput,
  Locale,
  PrintOutcome,
  Procedure,
  ProcedureSummary,
  SetupInput,
  UnitSettings,
} from './types';

type DemoProcedure = Procedure & {
  /** Fake-only: working days to add; 0 = same day (next working day after 15:00). */
  days: number;
};

const COUNTER = 'counter';
const POST = 'post';
const ONLINE = 'online';

/** Demo catalogue (facts from shared/catalogue-facts.md, simplified; not authoritative). */
export const DEMO_CATALOGUE: DemoProcedure[] = [
  {
    code: '2.000815',
    local_code: null,
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    field: 'Chứng thực',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: 'Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)',
    fee_text: '2.000 đ/trang (trang 1-2), 1.000 đ/trang từ trang 3, tối đa 200.000 đ/bản',
    documents: [
      { name: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Bản sao cần chứng thực', required: true, original: 0, certified: 0, photocopy: 1 },
    ],
    channels: ['direct'],
    delivery: [COUNTER],
    online_only: false,
    sets: 1,
    days: 0,
  },
  {
    code: '2.000884',
    local_code: null,
    name: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    field: 'Chứng thực',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: 'Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)',
    fee_text: '10.000 đ/trường hợp',
    documents: [
      { name: 'Căn cước hoặc hộ chiếu còn giá trị sử dụng', required: true, original: 1, certified: 0, photocopy: 1 },
      { name: 'Giấy tờ, văn bản mà mình sẽ ký', required: true, original: 1, certified: 0, photocopy: 0 },
    ],
    channels: ['direct'],
    delivery: [COUNTER],
    online_only: false,
    sets: 1,
    days: 0,
  },
  {
    code: '1.001193',
    local_code: null,
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: '1 ngày làm việc',
    fee_text: 'Miễn lệ phí (đăng ký đúng hạn)',
    documents: [
      { name: 'Tờ khai đăng ký khai sinh', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Giấy chứng sinh', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Văn bản ủy quyền (nếu ủy quyền)', required: false, original: 1, certified: 0, photocopy: 0 },
    ],
    channels: ['direct', 'post', 'online'],
    delivery: [COUNTER, POST, ONLINE],
    online_only: true,
    sets: 1,
    days: 1,
  },
  {
    code: '1.000894',
    local_code: null,
    name: 'Đăng ký kết hôn',
    field: 'Hộ tịch',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: 'Ngay khi nhận đủ hồ sơ; tối đa 05 ngày làm việc nếu cần xác minh',
    fee_text: 'Miễn lệ phí',
    documents: [
      { name: 'Tờ khai đăng ký kết hôn', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Giấy xác nhận tình trạng hôn nhân', required: false, original: 1, certified: 0, photocopy: 0 },
    ],
    channels: ['direct', 'online'],
    delivery: [COUNTER],
    online_only: false,
    sets: 1,
    days: 5,
  },
  {
    code: '1.000656',
    local_code: null,
    name: 'Đăng ký khai tử',
    field: 'Hộ tịch',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: 'Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)',
    fee_text: 'Miễn lệ phí (đăng ký đúng hạn)',
    documents: [
      { name: 'Tờ khai đăng ký khai tử', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Giấy báo tử hoặc giấy tờ thay thế', required: true, original: 1, certified: 0, photocopy: 0 },
    ],
    channels: ['direct', 'post'],
    delivery: [COUNTER, POST],
    online_only: false,
    sets: 1,
    days: 0,
  },
  {
    code: '2.000635',
    local_code: null,
    name: 'Cấp bản sao trích lục hộ tịch',
    field: 'Hộ tịch',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: 'Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)',
    fee_text: '8.000 đ/bản sao',
    documents: [
      { name: 'Tờ khai cấp bản sao trích lục hộ tịch', required: true, original: 1, certified: 0, photocopy: 0 },
    ],
    channels: ['direct', 'post', 'online'],
    delivery: [COUNTER, POST, ONLINE],
    online_only: false,
    sets: 1,
    days: 0,
  },
  {
    code: '1.004873',
    local_code: null,
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    field: 'Hộ tịch',
    authority: 'Ủy ban nhân dân cấp xã',
    duration_text: '03 ngày làm việc',
    fee_text: 'Theo nghị quyết của HĐND tỉnh',
    documents: [
      { name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', required: true, original: 1, certified: 0, photocopy: 0 },
      { name: 'Bản án ly hôn hoặc giấy chứng tử (nếu đã kết hôn)', required: false, original: 0, certified: 1, photocopy: 0 },
    ],
    channels: ['direct', 'post', 'online'],
    delivery: [COUNTER, POST],
    online_only: false,
    sets: 1,
    days: 3,
  },
];

const MESSAGES: Record<Locale, Record<string, string>> = {
  vi: {
    required_unit_name: 'Vui lòng nhập tên đơn vị.',
    required_parent: 'Vui lòng nhập tên cơ quan chủ quản.',
    required_place: 'Vui lòng nhập địa danh.',
    bad_unit_code: 'Mã đơn vị không đúng định dạng (ví dụ 000.00.31.H29).',
    bad_lookup_url: 'Địa chỉ tra cứu phải bắt đầu bằng http:// hoặc https://.',
    required_desk: 'Vui lòng nhập tên quầy.',
    required_clerk: 'Vui lòng nhập họ tên cán bộ tiếp nhận.',
    not_initialized: 'Chưa thiết lập đơn vị.',
    already_initialized: 'Đơn vị đã được thiết lập.',
    required_procedure: 'Vui lòng chọn thủ tục hành chính.',
    unknown_procedure: 'Không tìm thấy thủ tục %{code}.',
    required_submitter_name: 'Vui lòng nhập họ tên người nộp hồ sơ.',
    required_owner_name: 'Vui lòng nhập họ tên chủ hồ sơ.',
    bad_id: 'Số căn cước phải gồm 12 chữ số (hoặc số hộ chiếu hợp lệ).',
    bad_phone: 'Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08, 09 hoặc dạng +84).',
    bad_email: 'Địa chỉ email không hợp lệ.',
    bad_sets: 'Số lượng hồ sơ phải từ 1 đến 99 bộ.',
    bad_count: 'Số bản phải là số nguyên từ 0 đến 99.',
    bad_delivery: 'Hình thức nhận kết quả không có trong danh mục của thủ tục.',
    no_documents: 'Chưa đánh dấu thành phần hồ sơ nào đã nhận.',
    unknown_dossier: 'Không tìm thấy hồ sơ %{code}.',
    due_same_day: 'Giải quyết trong ngày; nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo. Không tính thứ Bảy, Chủ nhật (dữ liệu thử, chưa tính ngày lễ).',
    due_days: '%{days} ngày làm việc kể từ ngày tiếp nhận; không tính thứ Bảy, Chủ nhật (dữ liệu thử, chưa tính ngày lễ).',
    printed: 'Đã gửi lệnh in tới máy in %{printer} (lệnh %{job}).',
    received: 'Tiếp nhận hồ sơ',
  },
  en: {
    required_unit_name: 'Please enter the unit name.',
    required_parent: 'Please enter the parent authority.',
    required_place: 'Please enter the place name.',
    bad_unit_code: 'The unit code is malformed (e.g. 000.00.31.H29).',
    bad_lookup_url: 'The lookup address must start with http:// or https://.',
    required_desk: 'Please enter the desk name.',
    required_clerk: 'Please enter the clerk name.',
    not_initialized: 'The unit is not set up yet.',
    already_initialized: 'The unit is already set up.',
    required_procedure: 'Please choose a procedure.',
    unknown_procedure: 'Procedure %{code} not found.',
    required_submitter_name: "Please enter the submitter's full name.",
    required_owner_name: "Please enter the owner's full name.",
    bad_id: 'An ID card number has 12 digits (or enter a valid passport number).',
    bad_phone: 'Invalid phone number (10 digits starting with 03, 05, 07, 08, 09, or +84 form).',
    bad_email: 'Invalid email address.',
    bad_sets: 'The number of sets must be between 1 and 99.',
    bad_count: 'Copy counts must be whole numbers from 0 to 99.',
    bad_delivery: "That delivery option is not offered for this procedure.",
    no_documents: 'No document has been ticked as received.',
    unknown_dossier: 'Dossier %{code} not found.',
    due_same_day: 'Same day; received after 15:00 means the next working day. Saturdays and Sundays excluded (demo data, holidays not counted).',
    due_days: '%{days} working days from receipt; Saturdays and Sundays excluded (demo data, holidays not counted).',
    printed: 'Sent to printer %{printer} (job %{job}).',
    received: 'Dossier received',
  },
};

/** Lower-case, strip Vietnamese diacritics (đ → d), collapse spaces. */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const VN_OFFSET_MS = 7 * 3600 * 1000;

/** Adds working days (Mon-Fri) in Vietnam time; due at 17:00 VN of the resulting day. */
function computeDue(received: Date, days: number): Date {
  const vn = new Date(received.getTime() + VN_OFFSET_MS);
  let y = vn.getUTCFullYear();
  let m = vn.getUTCMonth();
  let d = vn.getUTCDate();
  const isWeekend = () => {
    const wd = new Date(Date.UTC(y, m, d)).getUTCDay();
    return wd === 0 || wd === 6;
  };
  const step = () => {
    const next = new Date(Date.UTC(y, m, d + 1));
    y = next.getUTCFullYear();
    m = next.getUTCMonth();
    d = next.getUTCDate();
  };
  let remaining = days;
  if (days === 0 && (vn.getUTCHours() >= 15 || isWeekend())) remaining = 1;
  else if (isWeekend()) {
    while (isWeekend()) step();
  }
  while (remaining > 0) {
    step();
    if (!isWeekend()) remaining -= 1;
  }
  return new Date(Date.UTC(y, m, d, 17, 0, 0) - VN_OFFSET_MS);
}

function fmt(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/%\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `%{${k}}`));
}

/** Builds a small, valid PDF (ASCII text, Helvetica) with one page per entry of `pages`. */
export function buildPdf(pages: string[][]): Uint8Array {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages, 3: font, then pairs (page, content).
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  let next = 4;
  for (const lines of pages) {
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
    const ops = ['BT', '/F1 11 Tf', '14 TL', '36 560 Td'];
    for (const line of lines) ops.push(`(${esc(line)}) Tj T*`);
    ops.push('ET');
    const stream = ops.join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  }
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((i) => `${i} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < next; i++) {
    offsets[i] = out.length;
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${next}\n0000000000 65535 f \n`;
  for (let i = 1; i < next; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${next} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export type FakeOptions = {
  /** Start already set up (with the demo unit and catalogue). */
  initialized?: boolean;
  now?: () => Date;
  /** Artificial latency of every call, to exercise loading states. */
  latencyMs?: number;
  locale?: Locale;
};

export type FakeApi = Api & {
  /** Direct access for tests. */
  readonly state: {
    status: AppStatus;
    dossiers: DossierView[];
    calls: { name: string; args: unknown[] }[];
    catalogue: DemoProcedure[];
  };
};

export const DEMO_UNIT: UnitSettings = {
  code: '000.00.31.H29',
  name: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ ĐỊNH MỸ',
  parent_authority: 'ỦY BAN NHÂN DÂN XÃ ĐỊNH MỸ',
  place: 'Định Mỹ',
  lookup_url: 'https://dichvucong.example.vn/tra-cuu',
  hotline: '0296 3 999 999',
};

const ID_RE = /^(\d{12}|[A-Z]\d{7,8})$/;
const PHONE_RE = /^(0(3|5|7|8|9)\d{8}|\+84(3|5|7|8|9)\d{8}|02\d{9})$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UNIT_CODE_RE = /^[0-9A-Z]{3}(\.[0-9A-Z]{2,3}){3}$/;

export function createFakeApi(opts: FakeOptions = {}): FakeApi {
  const now = opts.now ?? (() => new Date());
  const catalogue: DemoProcedure[] = [];
  const state: FakeApi['state'] = {
    status: {
      initialized: false,
      unit: null,
      desk_name: null,
      clerk_name: null,
      locale: opts.locale ?? 'vi',
      db_path: '(bộ nhớ tạm — dữ liệu giả)',
    },
    dossiers: [],
    calls: [],
    catalogue,
  };
  if (opts.initialized) {
    state.status = {
      ...state.status,
      initialized: true,
      unit: { ...DEMO_UNIT },
      desk_name: 'Quầy 1',
      clerk_name: 'Nguyễn Thị Lan',
    };
    catalogue.push(...DEMO_CATALOGUE);
  }
  const dailySeq = new Map<string, number>();

  const msg = (key: string, params?: Record<string, string | number>) => {
    const loc = (state.status.locale === 'en' ? 'en' : 'vi') as Locale;
    return fmt(MESSAGES[loc][key] ?? key, params);
  };
  const invalid = (key: string, field: string, params?: Record<string, string | number>) =>
    new ApiError('validation', msg(key, params), field);

  async function step<T>(name: string, args: unknown[], body: () => T): Promise<T> {
    state.calls.push({ name, args });
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    else await Promise.resolve();
    return structuredClone(body());
  }

  const requireInit = () => {
    if (!state.status.initialized || !state.status.unit) {
      throw new ApiError('not_initialized', msg('not_initialized'));
    }
    return state.status.unit;
  };
  const findProcedure = (code: string) => {
    const p = catalogue.find((c) => c.code === code);
    if (!p) throw new ApiError('not_found', msg('unknown_procedure', { code }), 'procedure_code');
    return p;
  };
  const findDossier = (code: string) => {
    const d = state.dossiers.find((x) => x.summary.code === code);
    if (!d) throw new ApiError('not_found', msg('unknown_dossier', { code }));
    return d;
  };
  const duePreview = (p: DemoProcedure, received: Date): DuePreview => {
    const due = computeDue(received, p.days);
    return {
      due_at: due.toISOString(),
      due_local_text: formatVnTime(due.toISOString()),
      explanation: p.days === 0 ? msg('due_same_day') : msg('due_days', { days: p.days }),
    };
  };
  const checkApplicant = (a: Applicant, prefix: string, nameKey: string) => {
    if (!a.full_name.trim()) throw invalid(nameKey, `${prefix}.full_name`);
    if (a.id_number.trim() && !ID_RE.test(a.id_number.trim().toUpperCase()))
      throw invalid('bad_id', `${prefix}.id_number`);
    if (a.phone.trim() && !PHONE_RE.test(a.phone.replace(/[\s.]/g, '')))
      throw invalid('bad_phone', `${prefix}.phone`);
    if (a.email.trim() && !EMAIL_RE.test(a.email.trim())) throw invalid('bad_email', `${prefix}.email`);
  };
  const count = (n: number, field: string) => {
    if (!Number.isInteger(n) || n < 0 || n > 99) throw invalid('bad_count', field);
  };

  const impl: Api = {
    appStatus: () => step('appStatus', [], () => state.status),

    setup: (input: SetupInput) =>
      step('setup', [input], () => {
        if (state.status.initialized) throw new ApiError('conflict', msg('already_initialized'));
        const u = input.unit;
        if (!u.name.trim()) throw invalid('required_unit_name', 'unit.name');
        if (!u.parent_authority.trim()) throw invalid('required_parent', 'unit.parent_authority');
        if (!u.place.trim()) throw invalid('required_place', 'unit.place');
        if (!UNIT_CODE_RE.test(u.code.trim())) throw invalid('bad_unit_code', 'unit.code');
        if (u.lookup_url.trim() && !/^https?:\/\/\S+$/.test(u.lookup_url.trim()))
          throw invalid('bad_lookup_url', 'unit.lookup_url');
        if (!input.desk_name.trim()) throw invalid('required_desk', 'desk_name');
        if (!input.clerk_name.trim()) throw invalid('required_clerk', 'clerk_name');
        state.status = {
          ...state.status,
          initialized: true,
          unit: { ...u, code: u.code.trim(), name: u.name.trim() },
          desk_name: input.desk_name.trim(),
          clerk_name: input.clerk_name.trim(),
        };
        if (input.load_demo_catalogue) catalogue.splice(0, catalogue.length, ...DEMO_CATALOGUE);
        return state.status;
      }),

    setLocale: (locale: Locale) =>
      step('setLocale', [locale], () => {
        state.status = { ...state.status, locale };
      }),

    searchProcedures: (query: string) =>
      step('searchProcedures', [query], (): ProcedureSummary[] => {
        requireInit();
        const tokens = foldVietnamese(query).split(' ').filter(Boolean);
        return catalogue
          .filter((p) => {
            const hay = foldVietnamese(`${p.code} ${p.name} ${p.field}`);
            return tokens.every((tok) => hay.includes(tok));
          })
          .slice(0, 50)
          .map(({ code, name, field, duration_text, fee_text, online_only }) => ({
            code,
            name,
            field,
            duration_text,
            fee_text,
            online_only,
          }));
      }),

    getProcedure: (code: string) =>
      step('getProcedure', [code], (): Procedure => {
        requireInit();
        const { days: _days, ...p } = findProcedure(code);
        return p;
      }),

    previewDue: (procedureCode: string, receivedAt: string | null) =>
      step('previewDue', [procedureCode, receivedAt], () => {
        requireInit();
        return duePreview(findProcedure(procedureCode), receivedAt ? new Date(receivedAt) : now());
      }),

    saveIntake: (input: IntakeInput) =>
      step('saveIntake', [input], (): DossierView => {
        const unit = requireInit();
        if (!input.procedure_code) throw invalid('required_procedure', 'procedure_code');
        const p = findProcedure(input.procedure_code);
        checkApplicant(input.submitter, 'submitter', 'required_submitter_name');
        if (input.owner) checkApplicant(input.owner, 'owner', 'required_owner_name');
        if (input.documents.length === 0 && p.documents.length > 0 && !p.online_only)
          throw invalid('no_documents', 'documents');
        input.documents.forEach((d, i) => {
          count(d.original, `documents.${i}.original`);
          count(d.certified, `documents.${i}.certified`);
          count(d.photocopy, `documents.${i}.photocopy`);
        });
        if (!Number.isInteger(input.sets_count) || input.sets_count < 1 || input.sets_count > 99)
          throw invalid('bad_sets', 'sets_count');
        if (!p.delivery.includes(input.delivery)) throw invalid('bad_delivery', 'delivery');

        const received = input.received_at ? new Date(input.received_at) : now();
        const day = vnDateKey(received);
        const seq = (dailySeq.get(day) ?? 0) + 1;
        dailySeq.set(day, seq);
        const code = `${unit.code}-${day.slice(2).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
        const due = duePreview(p, received);
        const clerk = state.status.clerk_name ?? '';
        const view: DossierView = {
          summary: {
            id: `fake-${state.dossiers.length + 1}`,
            code,
            procedure_code: p.code,
            procedure_name: p.name,
            submitter_name: input.submitter.full_name.trim(),
            id_number: input.submitter.id_number.trim(),
            received_at: received.toISOString(),
            due_at: due.due_at,
            status: 'received',
            status_label: state.status.locale === 'en' ? 'Received' : 'Đã tiếp nhận',
          },
          submitter: { ...input.submitter, full_name: input.submitter.full_name.trim() },
          owner: input.owner,
          documents: input.documents,
          sets_count: input.sets_count,
          delivery: input.delivery,
          due_explanation: due.explanation,
          events: [
            {
              at: received.toISOString(),
              actor: clerk,
              kind: 'received',
              from_status: null,
              to_status: 'received',
              note: msg('received'),
            },
          ],
          prints: [],
        };
        state.dossiers.push(view);
        return view;
      }),

    listDossiers: (query: string, todayOnly: boolean) =>
      step('listDossiers', [query, todayOnly], (): DossierSummary[] => {
        requireInit();
        const q = foldVietnamese(query);
        const today = vnDateKey(now());
        return state.dossiers
          .filter((d) => !todayOnly || vnDateKey(new Date(d.summary.received_at)) === today)
          .filter((d) => {
            if (!q) return true;
            const s = d.summary;
            return foldVietnamese(`${s.code} ${s.submitter_name} ${s.id_number}`).includes(q);
          })
          .map((d) => d.summary)
          .reverse();
      }),

    getDossier: (code: string) => step('getDossier', [code], () => findDossier(code)),

    receiptPdf: (code: string) =>
      step('receiptPdf', [code], () => {
        const d = findDossier(code);
        const unit = requireInit();
        const page = (copy: string) => [
          'GIAY TIEP NHAN HO SO VA HEN TRA KET QUA (demo)',
          copy,
          `Ma ho so: ${d.summary.code}`,
          `Don vi: ${foldVietnamese(unit.name).toUpperCase()}`,
          `Nguoi nop: ${foldVietnamese(d.summary.submitter_name)}`,
          `Thu tuc: ${d.summary.procedure_code}`,
          `Tiep nhan: ${formatVnTime(d.summary.received_at)}`,
          `Hen tra: ${formatVnTime(d.summary.due_at)}`,
        ];
        return buildPdf([page('Lien 1: Luu'), page('Lien 2: Giao khach hang')]);
      }),

    saveReceipt: (code: string) =>
      step('saveReceipt', [code], () => {
        const d = findDossier(code);
        const path = `/home/motcua/Biên nhận/${d.summary.code}.pdf`;
        d.prints.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind: 'save', target: path });
        return path;
      }),

    printReceipt: (code: string) =>
      step('printReceipt', [code], (): PrintOutcome => {
        const d = findDossier(code);
        const kind = d.prints.some((p) => p.kind === 'print' || p.kind === 'reprint') ? 'reprint' : 'print';
        const job = `fake-${d.prints.length + 1}`;
        const printer = 'Máy in thử';
        d.prints.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind, target: printer });
        return { printer, job, message: msg('printed', { printer, job }) };
      }),
  };

  return Object.assign(impl, { state });
}
