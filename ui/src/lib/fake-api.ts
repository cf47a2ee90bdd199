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

// Wording mirrors the backend's locales/*.yml (intake., setup., identity., error.) so that tests
// read like the real app; the backend remains the source of these strings.
const MESSAGES: Record<Locale, Record<string, string>> = {
  vi: {
    required: 'Chưa nhập %{field}.',
    bad_unit_code: 'Mã đơn vị "%{value}" không hợp lệ: chỉ gồm chữ cái, chữ số và dấu chấm, ví dụ 000.00.31.H29.',
    bad_lookup_url: 'Địa chỉ tra cứu "%{value}" phải bắt đầu bằng https:// hoặc http:// và không có khoảng trắng.',
    already_initialized: 'Quầy đã được thiết lập trước đó; không thể thiết lập lại.',
    not_initialized: 'Quầy chưa được thiết lập. Hãy nhập thông tin đơn vị, quầy và cán bộ tiếp nhận trước.',
    unknown_procedure: 'Không tìm thấy thủ tục %{code}.',
    name_required: 'Chưa nhập họ và tên người nộp hồ sơ.',
    name_invalid: 'Họ và tên không hợp lệ (không chứa chữ số, tối đa 120 ký tự).',
    id_required: 'Chưa nhập số căn cước / CMND / hộ chiếu.',
    id_length: 'Số giấy tờ gồm %{len} chữ số: số định danh cá nhân cần 12 chữ số, CMND cũ cần 9 chữ số.',
    id_shape: 'Số giấy tờ không hợp lệ: cần 12 chữ số (căn cước), 9 chữ số (CMND) hoặc số hộ chiếu.',
    phone: 'Số điện thoại "%{value}" không hợp lệ: di động 10 chữ số bắt đầu 03, 05, 07, 08, 09; cố định 11 chữ số bắt đầu 02.',
    email: 'Địa chỉ email "%{value}" không hợp lệ.',
    sets: 'Số lượng hồ sơ phải từ 1 đến 99 bộ.',
    reason_required: 'Điều chỉnh ngày hẹn trả phải có lý do.',
    document_count: 'Số bản của "%{name}" không hợp lệ.',
    delivery: 'Hình thức nhận kết quả "%{value}" không áp dụng cho thủ tục này.',
    no_documents: 'Chưa đánh dấu thành phần hồ sơ nào đã nhận.',
    unknown_dossier: 'Không tìm thấy hồ sơ %{code}.',
    due_same_day: 'Giải quyết trong ngày; nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo. Không tính thứ Bảy, Chủ nhật (dữ liệu thử, chưa tính ngày lễ).',
    due_days: '%{days} ngày làm việc kể từ ngày tiếp nhận; không tính thứ Bảy, Chủ nhật (dữ liệu thử, chưa tính ngày lễ).',
    printed: 'Đã gửi lệnh in tới %{printer} (%{job}).',
    received: 'Tiếp nhận hồ sơ',
    status_received: 'Đã tiếp nhận',
    'field.unit_code': 'Mã đơn vị',
    'field.unit_name': 'Tên đơn vị tiếp nhận',
    'field.parent_authority': 'Cơ quan chủ quản',
    'field.place': 'Địa danh',
    'field.lookup_url': 'Địa chỉ tra cứu',
    'field.hotline': 'Đường dây nóng',
    'field.desk_name': 'Tên quầy',
    'field.clerk_name': 'Tên cán bộ tiếp nhận',
  },
  en: {
    required: '%{field} is missing.',
    bad_unit_code: 'Unit code "%{value}" is invalid: letters, digits and dots only, e.g. 000.00.31.H29.',
    bad_lookup_url: 'Lookup URL "%{value}" must start with https:// or http:// and contain no spaces.',
    already_initialized: 'This desk is already set up; it cannot be set up again.',
    not_initialized: 'This desk is not set up yet. Enter the unit, desk and clerk first.',
    unknown_procedure: 'Procedure %{code} not found.',
    name_required: "The submitter's full name is missing.",
    name_invalid: 'Invalid full name (no digits, at most 120 characters).',
    id_required: 'The ID card / passport number is missing.',
    id_length: 'The ID number has %{len} digits: a personal ID has 12, a legacy ID 9.',
    id_shape: 'Invalid ID number: 12 digits (ID card), 9 digits (legacy ID) or a passport number.',
    phone: 'Phone number "%{value}" is invalid: mobiles have 10 digits starting 03, 05, 07, 08, 09; landlines 11 digits starting 02.',
    email: 'E-mail address "%{value}" is invalid.',
    sets: 'Sets must be between 1 and 99.',
    reason_required: 'Changing the due time needs a reason.',
    document_count: 'Invalid number of copies for "%{name}".',
    delivery: 'Result delivery "%{value}" is not offered for this procedure.',
    no_documents: 'No received document is ticked.',
    unknown_dossier: 'Dossier %{code} not found.',
    due_same_day: 'Same day; received after 15:00 means the next working day. Saturdays and Sundays excluded (demo data, holidays not counted).',
    due_days: '%{days} working days from receipt; Saturdays and Sundays excluded (demo data, holidays not counted).',
    printed: 'Sent to %{printer} (%{job}).',
    received: 'Dossier received',
    status_received: 'Received',
    'field.unit_code': 'Unit code',
    'field.unit_name': 'Receiving unit name',
    'field.parent_authority': 'Parent authority',
    'field.place': 'Place name',
    'field.lookup_url': 'Lookup URL',
    'field.hotline': 'Hotline',
    'field.desk_name': 'Desk name',
    'field.clerk_name': 'Clerk name',
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

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Phone as the backend normalises it (0xxxxxxxxx), or null when invalid. */
export function normalizePhone(raw: string): string | null {
  let d = raw.replace(/[\s.\-()]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (d.startsWith('84') && d.length === 11) d = `0${d.slice(2)}`;
  if (/^0[35789]\d{8}$/.test(d) || /^02\d{9}$/.test(d)) return d;
  return null;
}

/** Message key → the backend's error code (src/**: `Error::invalid(code, field, …)`). */
const ERROR_CODES: Record<string, string> = {
  bad_unit_code: 'invalid_unit_code',
  bad_lookup_url: 'invalid_url',
  name_required: 'required',
  name_invalid: 'invalid_name',
  id_required: 'invalid_id_number',
  id_length: 'invalid_id_number',
  id_shape: 'invalid_id_number',
  phone: 'invalid_phone',
  email: 'invalid_email',
  sets: 'invalid_sets',
  document_count: 'invalid_document',
  delivery: 'invalid_delivery',
};

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
    new ApiError(ERROR_CODES[key] ?? key, msg(key, params), field);

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
    if (!p) throw new ApiError('unknown_procedure', msg('unknown_procedure', { code }), 'procedure_code');
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
  /** Mirrors intake::check_applicant: flat field names, `owner_` prefix for the owner block. */
  const checkApplicant = (a: Applicant, owner: boolean) => {
    const f = (name: string) => (owner ? `owner_${name}` : name);
    const name = a.full_name.trim();
    if (!name) throw invalid('name_required', f('full_name'));
    if ([...name].length > 120 || /[\d\p{Cc}]/u.test(name)) throw invalid('name_invalid', f('full_name'));
    const id = a.id_number.replace(/\s/g, '').toUpperCase();
    if (!id) throw invalid('id_required', f('id_number'));
    if (/^\d+$/.test(id)) {
      if (id.length !== 12 && id.length !== 9) throw invalid('id_length', f('id_number'), { len: id.length });
    } else if (!(/^[0-9A-Z]{6,9}$/.test(id) && /[A-Z]/.test(id) && /\d/.test(id))) {
      throw invalid('id_shape', f('id_number'));
    }
    if (a.phone.trim() && !normalizePhone(a.phone)) throw invalid('phone', f('phone'), { value: a.phone.trim() });
    if (a.email.trim() && !EMAIL_RE.test(a.email.trim())) throw invalid('email', f('email'), { value: a.email.trim() });
  };

  const impl: Api = {
    appStatus: () => step('appStatus', [], () => state.status),

    setup: (input: SetupInput) =>
      step('setup', [input], () => {
        const u = input.unit;
        const req = (v: string, field: string) => {
          const x = v.trim();
          if (!x) throw invalid('required', field, { field: msg(`field.${field}`) });
          return x;
        };
        const code = req(u.code, 'unit_code').toUpperCase();
        if (!code.split('.').every((g) => /^[0-9A-Z]+$/.test(g)) || code.length > 30)
          throw invalid('bad_unit_code', 'unit_code', { value: code });
        const lookup = req(u.lookup_url, 'lookup_url');
        if (!/^https?:\/\/\S+$/.test(lookup)) throw invalid('bad_lookup_url', 'lookup_url', { value: lookup });
        const unit: UnitSettings = {
          code,
          name: req(u.name, 'unit_name'),
          parent_authority: req(u.parent_authority, 'parent_authority'),
          place: req(u.place, 'place'),
          lookup_url: lookup,
          hotline: req(u.hotline, 'hotline'),
        };
        req(input.desk_name, 'desk_name');
        req(input.clerk_name, 'clerk_name');
        if (state.status.initialized) throw invalid('already_initialized', '');
        state.status = {
          ...state.status,
          initialized: true,
          unit,
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
        const p = findProcedure(input.procedure_code);
        checkApplicant(input.submitter, false);
        const owner =
          input.owner && (input.owner.full_name.trim() || input.owner.id_number.trim()) ? input.owner : null;
        if (owner) checkApplicant(owner, true);
        // Like intake::check_documents: a row with no copy was not received.
        const documents = input.documents.filter((d) => d.original + d.certified + d.photocopy > 0);
        for (const d of documents) {
          const ok = [d.original, d.certified, d.photocopy].every((n) => Number.isInteger(n) && n >= 0 && n <= 999);
          if (!ok) throw invalid('document_count', 'documents', { name: d.name });
        }
        if (documents.length === 0 && p.documents.length > 0) throw invalid('no_documents', 'documents');
        if (!Number.isInteger(input.sets_count) || input.sets_count < 1 || input.sets_count > 99)
          throw invalid('sets', 'sets_count');
        if (!p.delivery.includes(input.delivery.trim()))
          throw invalid('delivery', 'delivery', { value: input.delivery.trim() });
        if (input.due_override && !input.due_override.reason.trim()) throw invalid('reason_required', 'reason');

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
            status_label: msg('status_received'),
          },
          submitter: {
            ...input.submitter,
            full_name: input.submitter.full_name.trim(),
            id_number: input.submitter.id_number.replace(/\s/g, '').toUpperCase(),
            phone: input.submitter.phone.trim() ? normalizePhone(input.submitter.phone)! : '',
          },
          owner,
          documents,
          sets_count: input.sets_count,
          delivery: input.delivery,
          due_explanation: due.explanation,
          fee_text: p.fee_text,
          ledger_book: String(received.getUTCFullYear()),
          ledger_number: state.dossiers.length + 1,
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
