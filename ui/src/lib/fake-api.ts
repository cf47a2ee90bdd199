// In-memory stand-in for the Rust backend: used by the vitest tests and by the browser preview
// (`npm run dev` outside Tauri). It keeps the desk's state (dossiers, accounts, sync) so that the
// UI can be driven end to end; validation errors carry a translated message and the flat `field`
// name, dossier codes follow `<unit code>-YYMMDD-NNNN`, forms are real (tiny) PDFs.
// The catalogue, procedure searches, due dates, fees, ID-card QR parses and tax-code checks are
// the Rust core's own answers (./core-answers.ts, ui/src/lib/fixtures/core.json): none of those
// rules is written here.

import { ApiError, type Api } from './api';
import { formatDong } from './money';
import { vnDateKey, formatVnTime } from './time';
import type {
  AccountView,
  Applicant,
  ApplicantHit,
  AppStatus,
  DossierOutcome,
  DossierStatus,
  DossierSummary,
  DossierView,
  DuePreview,
  FeeInput,
  FeePreview,
  FeeState,
  FormKind,
  IdCardParse,
  IntakeInput,
  IntegrityStatus,
  Locale,
  MissingItem,
  NewAccount,
  OwnerKind,
  PrintOutcome,
  Procedure,
  ProcedureSummary,
  DayReport,
  RegisterPage,
  RegisterFilter,
  RegisterQuery,
  ReportClerkFees,
  ReportCount,
  Role,
  SessionStatus,
  SessionView,
  SetupInput,
  SubmitterRole,
  SyncProblem,
  SyncStatus,
  UnitSettings,
} from './types';
import type { HandOutInput } from './api';
import * as core from './core-answers';

/** The test catalogue (ui/src/lib/fixtures/catalogue.json, as the core shows it). */
export const DEMO_CATALOGUE: Procedure[] = core.PROCEDURES.map((p) => p.view);

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
    legacy_id_warning: 'Số CMND 9 chữ số (mẫu cũ): kiểm tra lại với giấy tờ bản gốc.',
    document_count: 'Số bản của "%{name}" không hợp lệ.',
    delivery: 'Hình thức nhận kết quả "%{value}" không áp dụng cho thủ tục này.',
    no_documents: 'Chưa đánh dấu thành phần hồ sơ nào đã nhận.',
    unknown_dossier: 'Không tìm thấy hồ sơ %{code}.',
    printed: 'Đã gửi lệnh in tới %{printer} (%{job}).',
    received: 'Tiếp nhận hồ sơ',
    status_received: 'Đã tiếp nhận',
    status_supplement: 'Chờ bổ sung',
    status_refused: 'Không được tiếp nhận',
    status_assisted: 'Đã hỗ trợ nộp trực tuyến',
    supplement_event: 'Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    refused_event: 'Từ chối tiếp nhận hồ sơ: %{reason}',
    assisted_event: 'Hỗ trợ nộp hồ sơ trực tuyến (thủ tục chỉ tiếp nhận trực tuyến)',
    no_due_supplement: 'Hồ sơ chưa đủ: chưa tiếp nhận, chưa hẹn ngày trả (đã lập phiếu yêu cầu bổ sung).',
    no_due_refused: 'Hồ sơ bị từ chối tiếp nhận: không hẹn ngày trả.',
    no_due_assisted: 'Thủ tục chỉ tiếp nhận trực tuyến: đã hỗ trợ công dân nộp trực tuyến, ngày hẹn do hệ thống trực tuyến cấp.',
    missing_required: 'Phiếu yêu cầu bổ sung phải liệt kê ít nhất một giấy tờ còn thiếu.',
    refusal_reason: 'Phiếu từ chối phải ghi rõ lý do từ chối tiếp nhận.',
    authorisation: 'Người được ủy quyền phải xuất trình văn bản ủy quyền: hãy ghi số, ngày của giấy ủy quyền.',
    proxy_needs_owner: 'Nộp thay theo ủy quyền thì phải nhập thông tin chủ hồ sơ.',
    owner_name_required: 'Chưa nhập tên chủ hồ sơ (tổ chức, doanh nghiệp).',
    bad_outcome: 'Kết quả tiếp nhận "%{value}" không hợp lệ: accept, supplement hoặc refuse.',
    bad_owner_kind: 'Loại chủ hồ sơ "%{value}" không hợp lệ: công dân, doanh nghiệp, cơ quan nhà nước hoặc tổ chức khác.',
    bad_role: 'Tư cách người nộp "%{value}" không hợp lệ: chủ hồ sơ, người thân hoặc người được ủy quyền.',
    form_unavailable: 'Hồ sơ này không có biểu mẫu "%{kind}".',
    'field.unit_code': 'Mã đơn vị',
    'field.unit_name': 'Tên đơn vị tiếp nhận',
    'field.parent_authority': 'Cơ quan chủ quản',
    'field.place': 'Địa danh',
    'field.lookup_url': 'Địa chỉ tra cứu',
    'field.hotline': 'Đường dây nóng',
    'field.desk_name': 'Tên quầy',
    'field.clerk_name': 'Tên cán bộ tiếp nhận',

    // lifecycle., due_change., status., sync., register., report. (the later life of a dossier)
    'status.submitted-online': 'Đã hỗ trợ nộp trực tuyến',
    'status.received': 'Đã tiếp nhận',
    'status.in-processing': 'Đang xử lý',
    'status.supplement-requested': 'Chờ bổ sung',
    'status.refused': 'Không được tiếp nhận',
    'status.withdrawn': 'Công dân rút hồ sơ',
    'status.stopped': 'Dừng xử lý',
    'status.result-ready': 'Có kết quả, chờ trả',
    'status.handed-out': 'Đã trả kết quả',
    not_allowed: 'Không thể chuyển hồ sơ từ trạng thái "%{from}" sang "%{to}".',
    move_reason_required: 'Chuyển hồ sơ sang trạng thái "%{to}" phải có lý do.',
    use_hand_out: 'Trả kết quả phải ghi người nhận: hãy dùng chức năng trả kết quả (hand-out).',
    unknown_status: 'Trạng thái "%{value}" không hợp lệ: received, in-processing, supplement-requested, refused, withdrawn, stopped, result-ready, handed-out hoặc submitted-online.',
    move_note: 'Chuyển từ "%{from}" sang "%{to}".',
    move_reason: 'Lý do: %{reason}',
    recipient_name_required: 'Phải ghi họ tên người nhận kết quả.',
    authorisation_required: 'Người nhận thay phải có giấy ủy quyền.',
    hand_out_note: 'Đã trả kết quả cho %{name} (số giấy tờ %{id_number}).',
    hand_out_proxy_note: 'Đã trả kết quả cho %{name} (số giấy tờ %{id_number}), nhận thay theo giấy ủy quyền: %{authorisation}.',
    supplement_at_intake: 'Hồ sơ này được yêu cầu bổ sung ngay khi nộp (Mẫu 02) nên chưa được tiếp nhận và chưa tính thời hạn; khi công dân bổ sung đủ, hãy tiếp nhận như một hồ sơ mới.',
    bad_time: 'Thời điểm "%{value}" không hợp lệ (cần dạng RFC 3339, ví dụ 2026-02-26T09:00:00+07:00).',
    cannot_extend: 'Chỉ gia hạn được hồ sơ đang giải quyết (đã tiếp nhận hoặc đang xử lý); hồ sơ này đang ở trạng thái "%{status}".',
    no_due_to_extend: 'Hồ sơ không có ngày hẹn trả nên không có gì để gia hạn.',
    extension_not_later: 'Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại (%{old}).',
    extend_note: 'Gia hạn thời gian giải quyết, hẹn lại ngày trả kết quả từ %{old} sang %{new}. Lý do: %{reason}',
    unknown_filter: 'Bộ lọc "%{value}" không có: dùng today, due-soon, overdue, supplement, result-ready hoặc handed-out.',
    unknown_sort: 'Cách sắp xếp "%{value}" không có: dùng received, due hoặc code.',
    bad_date: 'Ngày "%{value}" không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2026-02-05.',
    channel_direct: 'Trực tiếp',
    sync_network: 'Không kết nối được cổng trung tâm (%{detail}). Hồ sơ vẫn được lưu trên máy và sẽ tự gửi khi có mạng.',
    sync_not_enrolled: 'Quầy chưa đăng ký với cổng trung tâm. Hãy nhập địa chỉ cổng và mã đăng ký do quản trị viên cấp.',
    sync_bad_url: 'Địa chỉ cổng trung tâm không hợp lệ: %{url} (phải bắt đầu bằng http:// hoặc https://).',
    sync_auth: 'Cổng trung tâm từ chối quầy này (%{detail}). Hãy xin quản trị viên mã đăng ký mới và đăng ký lại.',
    sync_code_required: 'Hãy nhập mã đăng ký do quản trị viên cấp.',
    sync_clerk_required: 'Cơ sở dữ liệu mới: hãy nhập họ tên cán bộ tiếp nhận.',
    sync_bad_code: 'mã đăng ký không đúng, đã dùng hoặc đã hết hạn',
    sync_clock_behind: 'Đồng hồ máy này chậm %{minutes} phút so với cổng trung tâm. Hãy chỉnh lại giờ máy.',
    not_signed_in: 'Chưa đăng nhập. Hãy đăng nhập bằng tài khoản cán bộ (dòng lệnh: --user hoặc MOTCUA_USER, mật khẩu trong MOTCUA_PASSWORD).',
    session_locked: 'Phiên làm việc đã khóa do không thao tác. Hãy nhập lại mật khẩu để tiếp tục.',
    forbidden: 'Tài khoản của bạn không được phép %{action}: cần vai trò %{role} trở lên.',
    bad_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    account_locked: 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần, đến %{until}.',
    account_disabled: 'Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.',
    weak_password: 'Mật khẩu phải có từ 8 đến 256 ký tự.',
    bad_username: 'Tên đăng nhập gồm 3 đến 32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.',
    username_taken: 'Tên đăng nhập "%{username}" đã có người dùng.',
    bad_idle_minutes: 'Thời gian tự khóa %{value} phút không hợp lệ: từ 1 đến 240 phút.',
    unknown_account: 'Không tìm thấy tài khoản "%{id}".',
    cannot_disable_self: 'Không thể tự vô hiệu hóa tài khoản đang đăng nhập.',
    'role.clerk': 'cán bộ tiếp nhận',
    'role.supervisor': 'giám sát',
    'role.admin': 'quản trị',
    'action.dayReport': 'xem báo cáo cuối ngày',
    'action.saveDayReport': 'xem báo cáo cuối ngày',
    'action.enroll': 'đăng ký quầy với cổng',
    'action.listAccounts': 'quản lý tài khoản',
    'action.createAccount': 'quản lý tài khoản',
    'action.resetPassword': 'quản lý tài khoản',
    'action.setAccountActive': 'quản lý tài khoản',
    'action.setIdleLockMinutes': 'thay đổi cài đặt đơn vị',
    'field.username': 'Tên đăng nhập',
    'field.full_name': 'Họ và tên',
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
    legacy_id_warning: 'A 9-digit legacy ID: check it against the original document.',
    document_count: 'Invalid number of copies for "%{name}".',
    delivery: 'Result delivery "%{value}" is not offered for this procedure.',
    no_documents: 'No received document is ticked.',
    unknown_dossier: 'Dossier %{code} not found.',
    printed: 'Sent to %{printer} (%{job}).',
    received: 'Dossier received',
    status_received: 'Received',
    status_supplement: 'Awaiting supplement',
    status_refused: 'Not accepted',
    status_assisted: 'Filed online with help',
    supplement_event: 'Supplement request issued',
    refused_event: 'Dossier refused: %{reason}',
    assisted_event: 'Helped to file online (online-only procedure)',
    no_due_supplement: 'Incomplete dossier: not received, no appointment (supplement request issued).',
    no_due_refused: 'Refused dossier: no appointment.',
    no_due_assisted: 'Online-only procedure: the citizen was helped to file online; the online system sets the appointment.',
    missing_required: 'A supplement request must list at least one missing document.',
    refusal_reason: 'A refusal must state the reason.',
    authorisation: 'A proxy must show an authorisation: enter its number and date.',
    proxy_needs_owner: "Filing as a proxy needs the owner's details.",
    owner_name_required: "The owner's (organisation's) name is missing.",
    bad_outcome: 'Intake outcome "%{value}" is invalid: accept, supplement or refuse.',
    bad_owner_kind: 'Owner kind "%{value}" is invalid: citizen, business, agency or organisation.',
    bad_role: 'Submitter role "%{value}" is invalid: owner, relative or proxy.',
    form_unavailable: 'This dossier has no "%{kind}" form.',
    'field.unit_code': 'Unit code',
    'field.unit_name': 'Receiving unit name',
    'field.parent_authority': 'Parent authority',
    'field.place': 'Place name',
    'field.lookup_url': 'Lookup URL',
    'field.hotline': 'Hotline',
    'field.desk_name': 'Desk name',
    'field.clerk_name': 'Clerk name',

    'status.submitted-online': 'Filed online with help',
    'status.received': 'Received',
    'status.in-processing': 'In processing',
    'status.supplement-requested': 'Waiting for supplement',
    'status.refused': 'Refused',
    'status.withdrawn': 'Withdrawn by the citizen',
    'status.stopped': 'Stopped',
    'status.result-ready': 'Result ready',
    'status.handed-out': 'Result handed out',
    not_allowed: 'A dossier cannot move from "%{from}" to "%{to}".',
    move_reason_required: 'Moving a dossier to "%{to}" needs a reason.',
    use_hand_out: 'Handing out the result records the recipient: use hand-out.',
    unknown_status: 'Status "%{value}" is invalid: received, in-processing, supplement-requested, refused, withdrawn, stopped, result-ready, handed-out or submitted-online.',
    move_note: 'Moved from "%{from}" to "%{to}".',
    move_reason: 'Reason: %{reason}',
    recipient_name_required: "The recipient's full name is required.",
    authorisation_required: 'A proxy recipient needs the authorisation document.',
    hand_out_note: 'Result handed to %{name} (ID %{id_number}).',
    hand_out_proxy_note: 'Result handed to %{name} (ID %{id_number}) as a proxy, authorisation: %{authorisation}.',
    supplement_at_intake: 'This dossier was asked for a supplement at intake (Mẫu 02): it was never received and has no running clock; when the citizen brings the complete papers, receive it as a new dossier.',
    bad_time: 'Time "%{value}" is invalid (RFC 3339 expected, e.g. 2026-02-26T09:00:00+07:00).',
    cannot_extend: 'Only a dossier being processed (received or in processing) can be extended; this one is "%{status}".',
    no_due_to_extend: 'The dossier has no appointment, so there is nothing to extend.',
    extension_not_later: 'The new appointment must be after the current one (%{old}).',
    extend_note: 'Processing time extended, result now due %{new} instead of %{old}. Reason: %{reason}',
    unknown_filter: 'No filter "%{value}": use today, due-soon, overdue, supplement, result-ready or handed-out.',
    unknown_sort: 'No sort "%{value}": use received, due or code.',
    bad_date: 'Date "%{value}" is invalid: write it as YYYY-MM-DD, e.g. 2026-02-05.',
    channel_direct: 'In person',
    sync_network: 'Cannot reach the central portal (%{detail}). Dossiers stay saved on this machine and are sent when the network is back.',
    sync_not_enrolled: 'This desk is not enrolled with a central portal. Enter the portal address and the enrollment code from the admin.',
    sync_bad_url: 'Invalid portal address: %{url} (must start with http:// or https://).',
    sync_auth: 'The portal refused this desk (%{detail}). Ask the admin for a new enrollment code and enroll again.',
    sync_code_required: 'Enter the enrollment code from the admin.',
    sync_clerk_required: "Fresh database: enter the clerk's full name.",
    sync_bad_code: 'the enrollment code is wrong, used or expired',
    sync_clock_behind: 'This computer clock is %{minutes} minutes behind the portal. Set the clock right.',
    not_signed_in: 'Not signed in. Sign in with a clerk account (command line: --user or MOTCUA_USER, password in MOTCUA_PASSWORD).',
    session_locked: 'The session locked itself after a period without activity. Enter your password again to continue.',
    forbidden: 'Your account may not %{action}: the role %{role} or higher is needed.',
    bad_credentials: 'Wrong user name or password.',
    account_locked: 'The account is locked after too many wrong passwords, until %{until}.',
    account_disabled: 'The account is disabled. Contact the administrator.',
    weak_password: 'The password must have 8 to 256 characters.',
    bad_username: 'A user name has 3 to 32 characters: lower-case letters without accents, digits, dot, underscore, hyphen.',
    username_taken: 'The user name "%{username}" is taken.',
    bad_idle_minutes: 'An idle lock of %{value} minutes is not valid: 1 to 240 minutes.',
    unknown_account: 'No account "%{id}".',
    cannot_disable_self: 'You cannot disable the account you are signed in with.',
    'role.clerk': 'clerk',
    'role.supervisor': 'supervisor',
    'role.admin': 'administrator',
    'action.dayReport': 'see the end-of-day report',
    'action.saveDayReport': 'see the end-of-day report',
    'action.enroll': 'enroll the desk with the portal',
    'action.listAccounts': 'manage accounts',
    'action.createAccount': 'manage accounts',
    'action.resetPassword': 'manage accounts',
    'action.setAccountActive': 'manage accounts',
    'action.setIdleLockMinutes': 'change unit settings',
    'field.username': 'User name',
    'field.full_name': 'Full name',
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
  /** Who is signed in at the start (a DEMO_ACCOUNTS username; they exist when `initialized`).
   * Default: `lan` (admin) on an initialized fake, nobody otherwise; `null`: nobody. */
  signedIn?: string | null;
  /** The session's own clock (idle lock, lockout), in ms; real time by default, so that tests
   * moving the business clock `now` by days do not lock the session. */
  sessionClock?: () => number;
};

/** The password of every demo account of the fake. */
export const DEMO_PASSWORD = 'matkhau-123';

/** Demo accounts of an initialized fake (as `motcua init --demo` makes them on the real desk). */
export const DEMO_ACCOUNTS: { username: string; full_name: string; role: Role }[] = [
  { username: 'lan', full_name: 'Nguyễn Thị Lan', role: 'admin' },
  { username: 'giamsat', full_name: 'Lê Văn Giám', role: 'supervisor' },
  { username: 'mai', full_name: 'Trần Thị Mai', role: 'clerk' },
];

/** An account as the fake backend keeps it (the password in clear: this is a test double). */
export type FakeAccount = AccountView & { password: string };

/** The session the fake backend holds (one desk, one session). */
export type FakeSession = { clerk_id: string; locked: boolean; last_command_ms: number };

/** Commands that need no session (the contract's exemptions; `setup` only before initialisation,
 * which it checks itself). */
const SESSION_EXEMPT = new Set(['appStatus', 'setup', 'setLocale', 'sessionStatus', 'signIn', 'unlockSession']);
/** What the app polls by itself: needs an unlocked session but is no activity (the desk's
 * `session_passive`), so polling does not keep the idle lock from firing. */
const PASSIVE = new Set(['syncStatus', 'resultReadyCount']);
/** Commands above the clerk's role (the core enforces the same). */
const ROLE_NEEDED: Record<string, Role> = {
  dayReport: 'supervisor',
  saveDayReport: 'supervisor',
  enroll: 'admin',
  listAccounts: 'admin',
  createAccount: 'admin',
  resetPassword: 'admin',
  setAccountActive: 'admin',
  setIdleLockMinutes: 'admin',
  integrityStatus: 'admin',
};
const ROLE_RANK: Record<Role, number> = { clerk: 0, supervisor: 1, admin: 2 };
const LOCKOUT_AFTER = 5;
const LOCKOUT_MS = 15 * 60 * 1000;
const USERNAME_RE = /^[a-z0-9._-]{3,32}$/;

/** Does `role` include everything `needed` may do (admin ⊇ supervisor ⊇ clerk)? */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export type FakeApi = Api & {
  /** Direct access for tests. */
  readonly state: {
    status: AppStatus;
    dossiers: DossierView[];
    calls: { name: string; args: unknown[] }[];
    catalogue: Procedure[];
    /** The desk's sync state, as `sync_status` reports it. */
    sync: SyncStatus;
    /** What `integrity_status` reports (a test damages the database by setting it). */
    integrity: IntegrityStatus;
    /** The pretend portal: reachable or not, the one-time codes it accepts, the unit it assigns
     * on a fresh database, the rows it will refuse (reasons) at the next sync, its clock offset. */
    portal: {
      reachable: boolean;
      codes: string[];
      unit: UnitSettings;
      desk_name: string;
      refuse: { reason: string; kind: string }[];
      clock_offset_s: number;
    };
    problems: SyncProblem[];
    accounts: FakeAccount[];
    session: FakeSession | null;
    idle_lock_minutes: number;
    last_username: string | null;
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
  missing_required: 'missing_required',
  refusal_reason: 'reason_required',
  authorisation: 'authorisation_required',
  proxy_needs_owner: 'owner_required',
  owner_name_required: 'required',
  bad_outcome: 'invalid_outcome',
  bad_owner_kind: 'invalid_owner_kind',
  bad_role: 'invalid_role',
};


/** Local statuses that mean "not finished yet" (a new intake for the same thing needs a look). */
const OPEN_STATUSES: DossierStatus[] = ['received', 'in-processing', 'supplement-requested', 'result-ready'];

const OWNER_KINDS: string[] = ['citizen', 'business', 'agency', 'organisation'] satisfies OwnerKind[];
const ROLES: string[] = ['owner', 'relative', 'proxy'] satisfies SubmitterRole[];


export function createFakeApi(opts: FakeOptions = {}): FakeApi {
  const now = opts.now ?? (() => new Date());
  const catalogue: Procedure[] = [];
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
    sync: {
      enrolled: false,
      portal_url: null,
      online: null,
      pending: 0n,
      problems: 0n,
      last_attempt_at: null,
      last_success_at: null,
      last_error_kind: null,
      last_error: null,
      clock_offset_s: null,
      clock_warning: null,
    },
    integrity: { damaged: false, detail: null, last_good_backup: null },
    portal: {
      reachable: true,
      codes: ['ABCD-1234'],
      unit: { ...DEMO_UNIT },
      desk_name: 'Quầy 2',
      refuse: [],
      clock_offset_s: 0,
    },
    problems: [],
    accounts: [],
    session: null,
    idle_lock_minutes: 10,
    last_username: null,
  };
  const sessionNow = opts.sessionClock ?? (() => Date.now());
  let accountSeq = 0;
  const addAccount = (a: { username: string; full_name: string; role: Role }, password: string): FakeAccount => {
    accountSeq += 1;
    const acc: FakeAccount = {
      clerk_id: `CB${String(accountSeq).padStart(3, '0')}`,
      username: a.username,
      full_name: a.full_name,
      role: a.role,
      active: true,
      failed_attempts: 0,
      locked_until: null,
      password,
    };
    state.accounts.push(acc);
    return acc;
  };
  if (opts.initialized) {
    for (const a of DEMO_ACCOUNTS) addAccount(a, DEMO_PASSWORD);
    const who = opts.signedIn === undefined ? 'lan' : opts.signedIn;
    const acc = who ? state.accounts.find((a) => a.username === who) : undefined;
    if (who && !acc) throw new Error(`fake: no demo account ${who}`);
    if (acc) {
      state.session = { clerk_id: acc.clerk_id, locked: false, last_command_ms: sessionNow() };
      state.last_username = acc.username;
    }
  }
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
  /** Biên lai numbers restart every year. */
  const receiptSeq = new Map<number, number>();
  /** dossier code + form kind already printed once (later prints are reprints). */
  const printed = new Set<string>();

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
    checkSession(name);
    return structuredClone(body());
  }

  const sessionAccount = () => state.accounts.find((a) => a.clerk_id === state.session?.clerk_id) ?? null;
  /** The backend locks by itself after `idle_lock_minutes` without a command. */
  const idleExpired = () =>
    !!state.session && sessionNow() - state.session.last_command_ms >= state.idle_lock_minutes * 60_000;
  const sessionLocked = () => new ApiError('session_locked', msg('session_locked'));

  /** Every command but the exempt ones needs a signed-in, unlocked session with the role. */
  function checkSession(name: string) {
    if (SESSION_EXEMPT.has(name)) return;
    // Enrolling a fresh database sets the desk up (like `setup`): no account exists yet.
    if (name === 'enroll' && !state.status.initialized) return;
    // Signing out and locking work on a locked session too, and do nothing without one (as the
    // desk's sign_out / lock_session).
    if (name === 'signOut' || name === 'lockSession') return;
    const acc = sessionAccount();
    if (!state.session || !acc) throw new ApiError('not_signed_in', msg('not_signed_in'));
    if (state.session.locked || idleExpired()) {
      state.session.locked = true;
      throw sessionLocked();
    }
    if (!PASSIVE.has(name)) state.session.last_command_ms = sessionNow();
    const needed = ROLE_NEEDED[name];
    if (needed && !roleAtLeast(acc.role, needed)) {
      throw new ApiError('forbidden', msg('forbidden', { action: msg(`action.${name}`), role: msg(`role.${needed}`) }));
    }
  }

  const sessionView = (a: FakeAccount): SessionView => ({
    clerk_id: a.clerk_id,
    username: a.username,
    full_name: a.full_name,
    role: a.role,
  });
  const accountView = (a: FakeAccount): AccountView => {
    const { password: _password, ...view } = a;
    void _password;
    return view;
  };
  const checkPassword = (pw: string, field: string) => {
    const n = [...pw].length;
    if (n < 8 || n > 256) throw new ApiError('weak_password', msg('weak_password'), field);
  };
  const findAccount = (id: string) => {
    const a = state.accounts.find((x) => x.clerk_id === id);
    if (!a) throw new ApiError('not_found', msg('unknown_account', { id }));
    return a;
  };
  /** Password check with the lockout (5 wrong in a row: 15 minutes); success resets the count. */
  const verify = (a: FakeAccount, password: string) => {
    const at = sessionNow();
    if (a.locked_until && Date.parse(a.locked_until) > at) {
      throw new ApiError('account_locked', msg('account_locked', { until: formatVnTime(a.locked_until) }));
    }
    if (a.locked_until) {
      a.locked_until = null;
      a.failed_attempts = 0;
    }
    if (a.password !== password) {
      a.failed_attempts += 1;
      if (a.failed_attempts >= LOCKOUT_AFTER) {
        a.locked_until = new Date(at + LOCKOUT_MS).toISOString();
        throw new ApiError('account_locked', msg('account_locked', { until: formatVnTime(a.locked_until) }));
      }
      throw new ApiError('bad_credentials', msg('bad_credentials'));
    }
    if (!a.active) throw new ApiError('account_disabled', msg('account_disabled'));
    a.failed_attempts = 0;
  };

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
  /** The dossier, when `kind` is one of the forms it can print. */
  const findForm = (kind: FormKind, code: string) => {
    const d = findDossier(code);
    if (!d.forms.includes(kind)) throw new ApiError('form_unavailable', msg('form_unavailable', { code, kind }));
    return d;
  };
  const locale = (): Locale => (state.status.locale === 'en' ? 'en' : 'vi');
  const duePreview = (p: Procedure, received: Date): DuePreview => {
    const due = core.previewDue(p.code, received, locale());
    return { ...due, due_at: due.due_at && new Date(due.due_at).toISOString() };
  };
  /** Mirrors intake::check_applicant / check_owner: flat field names, `owner_` prefix for the
   * owner block. A business, agency or organisation owner needs its name (which may hold digits,
   * "Công ty TNHH 2 thành viên …"); its tax code is optional but checked when given. */
  const checkApplicant = (a: Applicant, owner: boolean, kind = 'citizen') => {
    const f = (name: string) => (owner ? `owner_${name}` : name);
    const name = a.full_name.trim();
    if (owner && kind !== 'citizen') {
      if (!name) throw invalid('owner_name_required', 'owner_full_name');
      const tax = a.id_number.replace(/\s/g, '');
      const bad = tax ? core.taxCodeError(tax, locale()) : null;
      if (bad) throw bad;
      if (a.phone.trim() && !normalizePhone(a.phone)) throw invalid('phone', f('phone'), { value: a.phone.trim() });
      return;
    }
    if (!name) throw invalid('name_required', f('full_name'));
    if ([...name].length > 120 || /[\d\p{Cc}]/u.test(name)) throw invalid('name_invalid', f('full_name'));
    const id = a.id_number.replace(/\s/g, '').toUpperCase();
    if (!id) throw invalid('id_required', f('id_number'));
    else if (/^\d+$/.test(id)) {
      if (id.length !== 12 && id.length !== 9) throw invalid('id_length', f('id_number'), { len: id.length });
    } else if (!(/^[0-9A-Z]{6,9}$/.test(id) && /[A-Z]/.test(id) && /\d/.test(id))) {
      throw invalid('id_shape', f('id_number'));
    }
    if (a.phone.trim() && !normalizePhone(a.phone)) throw invalid('phone', f('phone'), { value: a.phone.trim() });
    if (a.email.trim() && !EMAIL_RE.test(a.email.trim())) throw invalid('email', f('email'), { value: a.email.trim() });
  };

  /** One more change waiting in the outbox (every saved change writes one row). */
  const changed = () => {
    state.sync.pending = BigInt(Number(state.sync.pending) + 1);
  };
  /** Extension/stop/hand-out flags behind the later forms (dossier::forms_for). */
  const later = new Map<string, { extended: boolean; stopped: boolean; handedOut: boolean; pausedFrom: DossierStatus | null }>();
  const laterOf = (code: string) => {
    let l = later.get(code);
    if (!l) {
      l = { extended: false, stopped: false, handedOut: false, pausedFrom: null };
      later.set(code, l);
    }
    return l;
  };
  /** Like dossier::forms_for: the intake forms, then Mẫu 06 once the dossier left "received",
   * Mẫu 04 after an extension, Mẫu 05 once withdrawn/stopped, the hand-over note after hand-out. */
  const refreshForms = (d: DossierView) => {
    const l = laterOf(d.summary.code);
    const intakeForms: FormKind[] = ['receipt', 'supplement-request', 'refusal', 'fee-receipt'];
    const out = d.forms.filter((f) => intakeForms.includes(f));
    if (d.outcome === 'accepted') {
      if (d.summary.status !== 'received') out.push('control-sheet');
      if (l.extended) out.push('apology');
      if (l.stopped) out.push('stop');
      if (l.handedOut) out.push('handover');
    }
    d.forms = out;
  };
  const statusLabel = (st: DossierStatus) => msg(`status.${st}`);
  /** lifecycle::allowed */
  const ALLOWED: Partial<Record<DossierStatus, DossierStatus[]>> = {
    received: ['in-processing', 'supplement-requested', 'withdrawn', 'stopped', 'result-ready'],
    'in-processing': ['supplement-requested', 'withdrawn', 'stopped', 'result-ready'],
    'supplement-requested': ['received', 'in-processing', 'withdrawn', 'stopped'],
    'result-ready': ['handed-out'],
  };
  const setStatus = (d: DossierView, to: DossierStatus, note: string, kind = 'status') => {
    const from = d.summary.status;
    d.summary.status = to;
    d.summary.status_label = statusLabel(to);
    d.events.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind, from_status: from, to_status: to, note });
    refreshForms(d);
    changed();
  };
  /** Like identity::normalize_id_number (the recipient's ID is checked like at intake). */
  const checkIdNumber = (raw: string, field: string) => {
    const id = raw.replace(/\s/g, '').toUpperCase();
    if (!id) throw invalid('id_required', field);
    if (/^\d+$/.test(id)) {
      if (id.length !== 12 && id.length !== 9) throw invalid('id_length', field, { len: id.length });
    } else if (!(/^[0-9A-Z]{6,9}$/.test(id) && /[A-Z]/.test(id) && /\d/.test(id))) {
      throw invalid('id_shape', field);
    }
    return id;
  };
  const OPEN: DossierStatus[] = ['received', 'in-processing'];
  const isWorkingDay = (day: string) => {
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  };
  /** The first working day (Mon-Fri in the fake) after `day` (YYYY-MM-DD). */
  const nextWorkingDay = (day: string) => {
    let d = new Date(`${day}T00:00:00Z`);
    do d = new Date(d.getTime() + 86_400_000);
    while (!isWorkingDay(d.toISOString().slice(0, 10)));
    return d.toISOString().slice(0, 10);
  };
  /** Vietnam midnight starting `day`, as an instant. */
  const vnStart = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() - VN_OFFSET_MS);
  const FILTERS: string[] = ['today', 'due-soon', 'overdue', 'supplement', 'result-ready', 'handed-out'] satisfies RegisterFilter[];
  const filterMatch = (f: string, d: DossierView, at: Date) => {
    const s = d.summary;
    const today = vnDateKey(at);
    const due = s.due_at ? new Date(s.due_at) : null;
    switch (f) {
      case 'today':
        return vnDateKey(new Date(s.received_at)) === today;
      case 'due-soon': {
        const end = vnStart(nextWorkingDay(today)).getTime() + 86_400_000;
        return OPEN.includes(s.status) && !!due && due >= at && due.getTime() < end;
      }
      case 'overdue':
        return OPEN.includes(s.status) && !!due && due < at;
      case 'supplement':
        return s.status === 'supplement-requested';
      case 'result-ready':
        return s.status === 'result-ready';
      default:
        return s.status === 'handed-out';
    }
  };
  /** Like register::parse_query + the candidate sources: code (also the part after the unit
   * code), ID numbers, phone prefixes; every folded word a word prefix of the names. */
  const queryMatch = (q: string, d: DossierView) => {
    const compact = q.replace(/\s/g, '').toUpperCase();
    if (!compact) return true;
    if (d.summary.code.startsWith(compact) || d.summary.code.includes(`-${compact}`)) return true;
    if (/\d/.test(compact) && [d.submitter.id_number, d.owner?.id_number ?? ''].some((x) => x && x.startsWith(compact)))
      return true;
    const digits = compact.replace(/^\+84/, '0');
    if (/^\d{4,}$/.test(digits) && d.submitter.phone.startsWith(digits)) return true;
    const words = foldVietnamese(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length === 0 || /^\d+$/.test(compact)) return false;
    const names = foldVietnamese(`${d.submitter.full_name} ${d.owner?.full_name ?? ''}`).split(' ');
    return words.every((w) => names.some((n) => n.startsWith(w)));
  };
  const syncView = (): SyncStatus => ({ ...state.sync });
  const syncFailed = (kind: string, error: string, online: boolean) => {
    state.sync.online = online;
    state.sync.last_attempt_at = now().toISOString();
    state.sync.last_error_kind = kind;
    state.sync.last_error = error;
  };
  /** sync::run_once against the pretend portal: pushes everything it accepts; refused rows
   * become problems with their reasons. */
  const runSync = (): SyncStatus => {
    if (!state.sync.enrolled) {
      syncFailed('auth', msg('sync_not_enrolled'), false);
      return syncView();
    }
    if (!state.portal.reachable) {
      syncFailed('retryable', msg('sync_network', { detail: 'connection refused' }), false);
      return syncView();
    }
    let seq = state.problems.length;
    for (const r of state.portal.refuse.splice(0)) {
      const d = state.dossiers[state.dossiers.length - 1];
      state.problems.push({
        seq: ++seq,
        kind: r.kind,
        reason: r.reason,
        at: now().toISOString(),
        op: 'dossier',
        dossier_code: d?.summary.code ?? null,
      });
    }
    const at = now().toISOString();
    state.sync = {
      ...state.sync,
      online: true,
      pending: 0n,
      problems: BigInt(state.problems.length),
      last_attempt_at: at,
      last_success_at: at,
      last_error_kind: null,
      last_error: null,
      clock_offset_s: state.portal.clock_offset_s,
      clock_warning:
        state.portal.clock_offset_s > 600
          ? msg('sync_clock_behind', { minutes: Math.round(state.portal.clock_offset_s / 60) })
          : null,
    };
    return syncView();
  };
  const recentDay = (iso: string | null | undefined, day: string) => !!iso && vnDateKey(new Date(iso)) === day;

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
        const username = req(input.username ?? '', 'username').toLowerCase();
        if (!USERNAME_RE.test(username)) throw new ApiError('invalid', msg('bad_username'), 'username');
        checkPassword(input.password ?? '', 'password');
        if (state.status.initialized) throw invalid('already_initialized', '');
        addAccount({ username, full_name: input.clerk_name.trim(), role: 'admin' }, input.password);
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
        return catalogue.length === 0 ? [] : core.searchProcedures(query, locale());
      }),

    getProcedure: (code: string) =>
      step('getProcedure', [code], (): Procedure => {
        requireInit();
        return findProcedure(code);
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
        const ownerKind = (input.owner_kind?.trim() || 'citizen') as OwnerKind;
        if (!OWNER_KINDS.includes(ownerKind)) throw invalid('bad_owner_kind', 'owner_kind', { value: ownerKind });
        checkApplicant(input.submitter, false);
        const owner =
          input.owner && (input.owner.full_name.trim() || input.owner.id_number.trim()) ? input.owner : null;
        if (owner) checkApplicant(owner, true, ownerKind);
        const role = (input.submitter_role?.trim() || (owner ? 'relative' : 'owner')) as SubmitterRole;
        if (!ROLES.includes(role)) throw invalid('bad_role', 'submitter_role', { value: role });
        const authorisation = (input.authorisation ?? '').trim();
        if (role === 'proxy' && !authorisation) throw invalid('authorisation', 'authorisation');
        if (role === 'proxy' && !owner) throw invalid('proxy_needs_owner', 'owner_full_name');
        const outcome = input.outcome?.trim() || 'accept';
        const requested = ({ accept: 'accepted', accepted: 'accepted', supplement: 'supplement', refuse: 'refused', refused: 'refused' } as Record<string, DossierOutcome>)[outcome];
        if (!requested) throw invalid('bad_outcome', 'outcome', { value: outcome });
        // Online-only procedures take no paper: accepting one records an assisted online submission.
        const kind: DossierOutcome = p.online_only && requested === 'accepted' ? 'assisted-online' : requested;
        // Like intake::check_documents: a row with no copy was not received.
        const documents = input.documents.filter((d) => d.original + d.certified + d.photocopy > 0);
        for (const d of documents) {
          const ok = [d.original, d.certified, d.photocopy].every((n) => Number.isInteger(n) && n >= 0 && n <= 999);
          if (!ok) throw invalid('document_count', 'documents', { name: d.name });
        }
        if (kind === 'accepted' && documents.length === 0 && p.documents.length > 0)
          throw invalid('no_documents', 'documents');
        if (!Number.isInteger(input.sets_count) || input.sets_count < 1 || input.sets_count > 99)
          throw invalid('sets', 'sets_count');
        if (!p.delivery.includes(input.delivery))
          throw invalid('delivery', 'delivery', { value: input.delivery });
        if (input.due_override && !input.due_override.reason.trim()) throw invalid('reason_required', 'reason');

        // Mẫu 02 lists every missing document once (intake::check_missing: items without a name
        // are dropped, a name seen before, diacritics and case aside, is dropped too).
        const missing: MissingItem[] = [];
        if (kind === 'supplement') {
          for (const m of input.missing ?? []) {
            const name = m.name.normalize('NFC').trim();
            if (!name || missing.some((x) => foldVietnamese(x.name) === foldVietnamese(name))) continue;
            missing.push({ name, reason: m.reason.normalize('NFC').trim() });
          }
          if (missing.length === 0) throw invalid('missing_required', 'missing');
        }
        const refusal = (input.refusal_reason ?? '').trim();
        if (kind === 'refused' && !refusal) throw invalid('refusal_reason', 'refusal_reason');

        // Fees: only an accepted paper dossier is charged at the desk; no fee input means the
        // default one (1 copy, 1 page, collected now, cash).
        let feeAmount = 0;
        let feeState: FeeState = 'none';
        let feeReceipt: DossierView['fee_receipt'] = null;
        if (kind === 'accepted') {
          const fee: FeeInput = input.fee ?? { copies: 1, pages: 1, exempt_reason: null, collect_at: 'intake', method: 'cash' };
          const computed = core.previewFee(p.code, fee, locale());
          feeAmount = computed.amount;
          if (fee.exempt_reason !== null) feeState = 'exempt';
          else if (feeAmount > 0) feeState = fee.collect_at === 'result' ? 'due-at-result' : 'collected';
        }

        const received = input.received_at ? new Date(input.received_at) : now();
        if (feeState === 'collected') {
          const year = Number(vnDateKey(received).slice(0, 4));
          const number = (receiptSeq.get(year) ?? 0) + 1;
          receiptSeq.set(year, number);
          feeReceipt = { series: `BLP-${String(year).slice(2)}`, number, e_receipt_state: 'pending' };
        }
        const day = vnDateKey(received);
        const seq = (dailySeq.get(day) ?? 0) + 1;
        dailySeq.set(day, seq);
        const code = `${unit.code}-${day.slice(2).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
        const due = kind === 'accepted' ? duePreview(p, received) : null;
        const clerk = state.status.clerk_name ?? '';
        const [status, statusLabel, eventNote] = ({
          accepted: ['received', 'status_received', 'received'],
          supplement: ['supplement-requested', 'status_supplement', 'supplement_event'],
          refused: ['refused', 'status_refused', 'refused_event'],
          'assisted-online': ['submitted-online', 'status_assisted', 'assisted_event'],
        } as Record<DossierOutcome, [DossierStatus, string, string]>)[kind];
        const forms: FormKind[] =
          kind === 'accepted'
            ? ['receipt', ...(feeState === 'collected' ? (['fee-receipt'] as const) : [])]
            : kind === 'supplement'
              ? ['supplement-request']
              : kind === 'refused'
                ? ['refusal']
                : [];
        const view: DossierView = {
          summary: {
            id: `fake-${state.dossiers.length + 1}`,
            code,
            procedure_code: p.code,
            procedure_name: p.name,
            submitter_name: input.submitter.full_name.trim(),
            id_number: input.submitter.id_number.trim(),
            received_at: received.toISOString(),
            due_at: due?.due_at ?? null,
            status,
            status_label: msg(statusLabel),
          },
          submitter: {
            ...input.submitter,
            full_name: input.submitter.full_name.trim(),
            id_number: input.submitter.id_number.replace(/\s/g, '').toUpperCase(),
            phone: input.submitter.phone.trim() ? normalizePhone(input.submitter.phone)! : '',
          },
          owner: owner
            ? {
                ...owner,
                full_name: owner.full_name.trim(),
                id_number: owner.id_number.replace(/\s/g, '').toUpperCase(),
              }
            : null,
          documents,
          sets_count: input.sets_count,
          delivery: input.delivery,
          due_explanation:
            due?.explanation ??
            msg(kind === 'supplement' ? 'no_due_supplement' : kind === 'refused' ? 'no_due_refused' : 'no_due_assisted'),
          fee_text: p.fee_text,
          ledger_book: String(received.getUTCFullYear()),
          ledger_number: state.dossiers.length + 1,
          events: [
            {
              at: received.toISOString(),
              actor: clerk,
              kind: kind === 'accepted' ? 'received' : kind,
              from_status: null,
              to_status: status,
              note: msg(eventNote, { reason: refusal }),
            },
          ],
          prints: [],
          outcome: kind,
          fee_amount: feeAmount,
          fee_state: feeState,
          fee_receipt: feeReceipt,
          forms,
          missing,
          refusal_reason: kind === 'refused' ? refusal : null,
          owner_kind: owner ? ownerKind : 'citizen',
          submitter_role: role,
          authorisation: role === 'proxy' ? authorisation : '',
          // Like dossier::applicant_warnings: a legacy 9-digit ID is allowed but worth a second look.
          warnings: /^\d{9}$/.test(input.submitter.id_number.trim()) ? [msg('legacy_id_warning')] : [],
        };
        state.dossiers.push(view);
        changed();
        return view;
      }),

    previewFee: (procedureCode: string, fee: FeeInput) =>
      step('previewFee', [procedureCode, fee], (): FeePreview => {
        requireInit();
        const p = findProcedure(procedureCode);
        return core.previewFee(p.code, fee, locale());
      }),

    searchApplicants: (query: string) =>
      step('searchApplicants', [query], (): ApplicantHit[] => {
        requireInit();
        const q = foldVietnamese(query);
        if ([...q].length < 3) return [];
        const idQuery = query.replace(/\s/g, '').toUpperCase();
        const byId = new Map<string, ApplicantHit>();
        // Oldest first, so that the newest contact details win.
        const sorted = [...state.dossiers].sort((x, y) => x.summary.received_at.localeCompare(y.summary.received_at));
        for (const d of sorted) {
          // Like applicants::search: the people who stood at the counter (submitters).
          for (const a of [d.submitter]) {
            const key = a.id_number.replace(/\s/g, '').toUpperCase();
            if (!key) continue;
            const hit = byId.get(key);
            byId.set(key, {
              applicant: { ...a, id_number: key },
              last_seen: d.summary.received_at,
              dossier_count: (hit?.dossier_count ?? 0) + 1,
            });
          }
        }
        return [...byId.values()]
          .filter(
            (h) => h.applicant.id_number.startsWith(idQuery) || foldVietnamese(h.applicant.full_name).includes(q),
          )
          .sort((x, y) => y.last_seen.localeCompare(x.last_seen))
          .slice(0, 8);
      }),

    openDossiers: (idNumber: string, procedureCode: string) =>
      step('openDossiers', [idNumber, procedureCode], (): DossierSummary[] => {
        requireInit();
        const id = idNumber.replace(/\s/g, '').toUpperCase();
        if (!id) return [];
        return state.dossiers
          .filter((d) => d.summary.procedure_code === procedureCode && OPEN_STATUSES.includes(d.summary.status))
          .filter((d) => d.submitter.id_number === id || d.owner?.id_number === id)
          .map((d) => d.summary)
          .reverse();
      }),

    parseIdcard: (text: string) =>
      step('parseIdcard', [text], (): IdCardParse => core.parseIdcard(text, vnDateKey(now()), locale())),

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

    formPdf: (kind: FormKind, code: string) =>
      step('formPdf', [kind, code], () => {
        const d = findForm(kind, code);
        const unit = requireInit();
        const head = [
          `Ma ho so: ${d.summary.code}`,
          `Don vi: ${foldVietnamese(unit.name).toUpperCase()}`,
          `Nguoi nop: ${foldVietnamese(d.summary.submitter_name)}`,
          `Thu tuc: ${d.summary.procedure_code}`,
        ];
        switch (kind) {
          case 'receipt': {
            const page = (copy: string) => [
              'GIAY TIEP NHAN HO SO VA HEN TRA KET QUA (demo)',
              copy,
              ...head,
              `Tiep nhan: ${formatVnTime(d.summary.received_at)}`,
              `Hen tra: ${formatVnTime(d.summary.due_at)}`,
            ];
            return buildPdf([page('Lien 1: Luu'), page('Lien 2: Giao khach hang')]);
          }
          case 'supplement-request':
            return buildPdf([
              [
                'PHIEU YEU CAU BO SUNG, HOAN THIEN HO SO (demo)',
                ...head,
                ...d.missing.map(
                  (m, i) => `${i + 1}. ${foldVietnamese(m.name)} ${foldVietnamese(m.reason)}`,
                ),
              ],
            ]);
          case 'refusal':
            return buildPdf([
              [
                'PHIEU TU CHOI TIEP NHAN GIAI QUYET HO SO (demo)',
                ...head,
                `Ly do: ${foldVietnamese(d.refusal_reason ?? '')}`,
              ],
            ]);
          case 'handover':
            return buildPdf([
              [
                'BIEN NHAN TRA KET QUA GIAI QUYET HO SO (demo)',
                ...head,
                foldVietnamese(d.events.filter((e) => e.to_status === 'handed-out').pop()?.note ?? ''),
              ],
            ]);
          case 'apology':
            return buildPdf([
              [
                'VAN BAN XIN LOI VA DE NGHI GIA HAN THOI GIAN GIAI QUYET (demo)',
                ...head,
                `Hen tra moi: ${formatVnTime(d.summary.due_at)}`,
              ],
            ]);
          case 'stop':
            return buildPdf([['THONG BAO DUNG GIAI QUYET HO SO (demo)', ...head]]);
          case 'control-sheet':
            return buildPdf([
              [
                'PHIEU KIEM SOAT QUA TRINH GIAI QUYET HO SO (demo)',
                ...head,
                ...d.events.map((e) => `${formatVnTime(e.at)} ${foldVietnamese(e.note)}`),
              ],
            ]);
          default:
            return buildPdf([
              [
                'BIEN LAI THU PHI, LE PHI (demo)',
                `Ky hieu: ${d.fee_receipt?.series ?? ''} So: ${String(d.fee_receipt?.number ?? 0).padStart(7, '0')}`,
                ...head,
                `So tien: ${foldVietnamese(formatDong(d.fee_amount))}`,
              ],
            ]);
        }
      }),

    saveForm: (kind: FormKind, code: string) =>
      step('saveForm', [kind, code], () => {
        const d = findForm(kind, code);
        const suffix = kind === 'receipt' ? '' : `-${kind}`;
        const path = `/home/motcua/Biên nhận/${d.summary.code}${suffix}.pdf`;
        d.prints.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind: 'save', target: path });
        return path;
      }),

    printForm: (kind: FormKind, code: string) =>
      step('printForm', [kind, code], (): PrintOutcome => {
        const d = findForm(kind, code);
        const key = `${code} ${kind}`;
        const printKind = printed.has(key) ? 'reprint' : 'print';
        printed.add(key);
        const job = `fake-${d.prints.length + 1}`;
        const printer = 'Máy in thử';
        d.prints.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind: printKind, target: printer });
        return { printer, job, message: msg('printed', { printer, job }) };
      }),

    integrityStatus: () => step('integrityStatus', [], () => state.integrity),

    syncStatus: () => step('syncStatus', [], syncView),

    syncNow: () => step('syncNow', [], runSync),

    syncProblems: () =>
      step('syncProblems', [], (): SyncProblem[] => [...state.problems].reverse()),

    enroll: (portalUrl: string, code: string, clerkName: string | null, account?: { username: string; password: string } | null) =>
      step('enroll', account ? [portalUrl, code, clerkName, account] : [portalUrl, code, clerkName], (): SyncStatus => {
        const c = code.trim().toUpperCase();
        if (!c) throw new ApiError('required', msg('sync_code_required'), 'code');
        const fresh = !state.status.initialized;
        if (fresh && !(clerkName ?? '').trim())
          throw new ApiError('required', msg('sync_clerk_required'), 'clerk_name');
        // A fresh desk gets its first (admin) account here, as with `setup`.
        const username = (account?.username ?? '').trim().toLowerCase();
        if (fresh) {
          if (!username) throw invalid('required', 'username', { field: msg('field.username') });
          if (!USERNAME_RE.test(username)) throw new ApiError('invalid', msg('bad_username'), 'username');
          checkPassword(account?.password ?? '', 'password');
        }
        const url = portalUrl.trim().replace(/\/+$/, '');
        if (!/^https?:\/\/\S+$/.test(url)) throw new ApiError('invalid_portal_url', msg('sync_bad_url', { url }));
        if (!state.portal.reachable)
          throw new ApiError('network', msg('sync_network', { detail: 'connection refused' }));
        if (!state.portal.codes.includes(c))
          throw new ApiError('auth', msg('sync_auth', { detail: msg('sync_bad_code') }));
        state.portal.codes = state.portal.codes.filter((x) => x !== c);
        if (fresh) {
          addAccount({ username, full_name: (clerkName ?? '').trim(), role: 'admin' }, account?.password ?? '');
          state.status = {
            ...state.status,
            initialized: true,
            unit: { ...state.portal.unit },
            desk_name: state.portal.desk_name,
            clerk_name: (clerkName ?? '').trim(),
          };
          catalogue.splice(0, catalogue.length, ...DEMO_CATALOGUE);
        }
        state.sync = { ...state.sync, enrolled: true, portal_url: url };
        return runSync();
      }),

    searchRegister: (query: RegisterQuery) =>
      step('searchRegister', [query], (): RegisterPage => {
        requireInit();
        const filters: string[] = [];
        for (const raw of query.filters) {
          for (const f of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
            if (!FILTERS.includes(f)) throw new ApiError('unknown_filter', msg('unknown_filter', { value: f }), 'filter');
            if (!filters.includes(f)) filters.push(f);
          }
        }
        const sort = query.sort.trim() || 'received';
        if (!['received', 'due', 'code'].includes(sort))
          throw new ApiError('unknown_sort', msg('unknown_sort', { value: sort }), 'sort');
        const limit = query.limit === 0 ? 50 : Math.min(query.limit, 500);
        const at = now();
        const found = state.dossiers.filter(
          (d) => queryMatch(query.query, d) && filters.every((f) => filterMatch(f, d, at)),
        );
        const cmp: Record<string, (a: DossierView, b: DossierView) => number> = {
          received: (a, b) =>
            b.summary.received_at.localeCompare(a.summary.received_at) || b.summary.code.localeCompare(a.summary.code),
          due: (a, b) => {
            const x = a.summary.due_at;
            const y = b.summary.due_at;
            if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1) || a.summary.code.localeCompare(b.summary.code);
            return x.localeCompare(y) || a.summary.code.localeCompare(b.summary.code);
          },
          code: (a, b) => a.summary.code.localeCompare(b.summary.code),
        };
        found.sort(cmp[sort]);
        const rows = found.slice(query.offset, query.offset + limit).map((d) => d.summary);
        return {
          rows,
          total: found.length,
          total_exact: true,
          has_more: query.offset + limit < found.length,
          ranked: query.query.trim() !== '',
          offset: query.offset,
          limit,
        };
      }),

    resultReadyCount: () =>
      step('resultReadyCount', [], (): number => {
        requireInit();
        const at = now();
        return state.dossiers.filter((d) => filterMatch('result-ready', d, at)).length;
      }),

    moveDossier: (code: string, to: DossierStatus, reason: string) =>
      step('moveDossier', [code, to, reason], (): DossierView => {
        const d = findDossier(code);
        const target = to.trim() as DossierStatus;
        if (!(`status.${target}` in MESSAGES.vi))
          throw new ApiError('unknown_status', msg('unknown_status', { value: target }), 'to');
        if (target === 'handed-out') throw new ApiError('use_hand_out', msg('use_hand_out'), 'to');
        const from = d.summary.status;
        if (!(ALLOWED[from] ?? []).includes(target))
          throw new ApiError(
            'transition_not_allowed',
            msg('not_allowed', { from: statusLabel(from), to: statusLabel(target) }),
            'to',
          );
        const why = reason.normalize('NFC').trim();
        if ((target === 'withdrawn' || target === 'stopped') && !why)
          throw new ApiError('reason_required', msg('move_reason_required', { to: statusLabel(target) }), 'reason');
        const l = laterOf(d.summary.code);
        if (from === 'supplement-requested' && (target === 'received' || target === 'in-processing')) {
          if (d.outcome === 'supplement') throw new ApiError('supplement_at_intake', msg('supplement_at_intake'));
          l.pausedFrom = null;
        }
        if (target === 'supplement-requested') l.pausedFrom = from;
        if (target === 'withdrawn' || target === 'stopped') l.stopped = true;
        let note = msg('move_note', { from: statusLabel(from), to: statusLabel(target) });
        if (why) note += ` ${msg('move_reason', { reason: why })}`;
        setStatus(d, target, note);
        return d;
      }),

    handOut: (code: string, r: HandOutInput) =>
      step('handOut', [code, r], (): DossierView => {
        const d = findDossier(code);
        if (d.summary.status !== 'result-ready')
          throw new ApiError(
            'transition_not_allowed',
            msg('not_allowed', { from: statusLabel(d.summary.status), to: statusLabel('handed-out') }),
          );
        const name = r.fullName.normalize('NFC').trim();
        if (!name) throw new ApiError('name_required', msg('recipient_name_required'), 'full_name');
        const id = checkIdNumber(r.idNumber, 'id_number');
        const auth = (r.authorisation ?? '').normalize('NFC').trim();
        if (r.isProxy && !auth)
          throw new ApiError('authorisation_required', msg('authorisation_required'), 'authorisation');
        laterOf(d.summary.code).handedOut = true;
        const note = r.isProxy
          ? msg('hand_out_proxy_note', { name, id_number: id, authorisation: auth })
          : msg('hand_out_note', { name, id_number: id });
        setStatus(d, 'handed-out', note, 'handed-out');
        return d;
      }),

    extendDue: (code: string, dueAt: string, reason: string) =>
      step('extendDue', [code, dueAt, reason], (): DossierView => {
        const d = findDossier(code);
        const why = reason.normalize('NFC').trim();
        if (!why) throw invalid('reason_required', 'reason');
        const at = new Date(dueAt);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(dueAt) || Number.isNaN(at.getTime()))
          throw new ApiError('invalid_time', msg('bad_time', { value: dueAt }), 'due_at');
        if (!OPEN.includes(d.summary.status))
          throw new ApiError('cannot_extend', msg('cannot_extend', { status: statusLabel(d.summary.status) }));
        const old = d.summary.due_at;
        if (!old) throw new ApiError('no_due_to_extend', msg('no_due_to_extend'));
        if (at <= new Date(old))
          throw new ApiError('extension_not_later', msg('extension_not_later', { old: formatVnTime(old) }), 'due_at');
        d.summary.due_at = at.toISOString();
        const note = msg('extend_note', { old: formatVnTime(old), new: formatVnTime(d.summary.due_at), reason: why });
        d.due_explanation = note;
        laterOf(d.summary.code).extended = true;
        d.events.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind: 'due-override', from_status: null, to_status: null, note });
        refreshForms(d);
        changed();
        return d;
      }),

    // The checks of a correction are the core's (src/dossier_correction.rs): the double only
    // applies the value and records the call.
    correctDossier: (code: string, field: string, value: string, reason: string) =>
      step('correctDossier', [code, field, value, reason], (): DossierView => {
        const d = findDossier(code);
        const who = field.startsWith('owner_') ? d.owner : d.submitter;
        const key = field.replace(/^owner_/, '') as keyof Applicant;
        if (who && key in who) who[key] = value;
        d.events.push({ at: now().toISOString(), actor: state.status.clerk_name ?? '', kind: 'corrected', from_status: null, to_status: null, note: reason });
        changed();
        return d;
      }),

    dayReport: (date: string) =>
      step('dayReport', [date], (): DayReport => {
        const unit = requireInit();
        const day = date.trim();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
          throw new ApiError('invalid_date', msg('bad_date', { value: day }), 'date');
        const at = now();
        const received = state.dossiers.filter((d) => recentDay(d.summary.received_at, day));
        const byProc = new Map<string, ReportCount>();
        for (const d of received) {
          const c = byProc.get(d.summary.procedure_code) ?? { key: d.summary.procedure_code, label: d.summary.procedure_name, count: 0 };
          c.count += 1;
          byProc.set(c.key, c);
        }
        const count = (o: string) => received.filter((d) => d.outcome === o).length;
        const fees = new Map<string, ReportClerkFees>();
        for (const d of received.filter((x) => x.fee_receipt)) {
          const clerk = d.events[0]?.actor ?? '';
          const f = fees.get(clerk) ?? { clerk_id: `fake-${clerk}`, clerk_name: clerk, receipts: 0, amount: 0 };
          f.receipts += 1;
          f.amount += d.fee_amount;
          fees.set(clerk, f);
        }
        const feeList = [...fees.values()];
        const next = nextWorkingDay(day);
        const ended = state.dossiers
          .map((d) => ({ d, end: d.events.find((e) => e.to_status === 'result-ready' || e.to_status === 'handed-out') }))
          .filter((x) => x.end && recentDay(x.end.at, day));
        const onTime = ended.filter(
          (x) => !laterOf(x.d.summary.code).extended && (!x.d.summary.due_at || x.end!.at <= x.d.summary.due_at),
        ).length;
        return {
          date: day,
          unit_code: unit.code,
          unit_name: unit.name,
          generated_at: at.toISOString(),
          received_total: received.length,
          by_procedure: [...byProc.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
          by_channel: received.length ? [{ key: 'direct', label: msg('channel_direct'), count: received.length }] : [],
          outcomes: {
            accepted: count('accepted'),
            supplement: count('supplement'),
            refused: count('refused'),
            assisted_online: count('assisted-online'),
          },
          fees: feeList,
          fees_total: feeList.reduce((n, f) => n + f.amount, 0),
          handed_out: state.dossiers.filter((d) => d.events.some((e) => e.to_status === 'handed-out' && recentDay(e.at, day))).length,
          overdue_now: state.dossiers.filter((d) => filterMatch('overdue', d, at)).length,
          next_working_day: next,
          due_next: state.dossiers.filter((d) => OPEN.includes(d.summary.status) && recentDay(d.summary.due_at, next)).length,
          on_time: {
            resolved: ended.length,
            on_time: onTime,
            late: ended.length - onTime,
            late_by_supplements: 0,
            rate_tenths: ended.length ? Math.round((onTime * 1000) / ended.length) : null,
          },
        };
      }),

    saveDayReport: (date: string, format: string) =>
      step('saveDayReport', [date, format], () => {
        requireInit();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim()))
          throw new ApiError('invalid_date', msg('bad_date', { value: date.trim() }), 'date');
        return `/home/motcua/Biên nhận/bao-cao-ngay-${date.trim()}.${format === 'xlsx' ? 'xlsx' : 'pdf'}`;
      }),

    sessionStatus: () =>
      step('sessionStatus', [], (): SessionStatus => {
        if (state.session && idleExpired()) state.session.locked = true;
        const acc = sessionAccount();
        return {
          initialized: state.status.initialized,
          signed_in: !!acc,
          locked: !!acc && !!state.session?.locked,
          clerk: acc ? sessionView(acc) : null,
          idle_lock_minutes: state.idle_lock_minutes,
          last_username: state.last_username,
        };
      }),

    signIn: (username: string, password: string) =>
      step('signIn', [username, password], (): SessionView => {
        requireInit();
        const acc = state.accounts.find((a) => a.username === username.trim().toLowerCase());
        if (!acc) throw new ApiError('bad_credentials', msg('bad_credentials'));
        verify(acc, password);
        state.session = { clerk_id: acc.clerk_id, locked: false, last_command_ms: sessionNow() };
        state.last_username = acc.username;
        return sessionView(acc);
      }),

    signOut: () =>
      step('signOut', [], () => {
        state.session = null;
      }),

    lockSession: () =>
      step('lockSession', [], () => {
        if (state.session) state.session.locked = true;
      }),

    unlockSession: (password: string) =>
      step('unlockSession', [password], (): SessionView => {
        const acc = sessionAccount();
        if (!state.session || !acc) throw new ApiError('not_signed_in', msg('not_signed_in'));
        try {
          verify(acc, password);
        } catch (e) {
          // Locked out or disabled meanwhile: the session ends; someone signs in again.
          if (e instanceof ApiError && e.code !== 'bad_credentials') state.session = null;
          throw e;
        }
        state.session = { clerk_id: acc.clerk_id, locked: false, last_command_ms: sessionNow() };
        return sessionView(acc);
      }),

    listAccounts: () => step('listAccounts', [], (): AccountView[] => state.accounts.map(accountView)),

    createAccount: (input: NewAccount) =>
      step('createAccount', [input], (): AccountView => {
        const username = input.username.trim().toLowerCase();
        if (!username) throw invalid('required', 'username', { field: msg('field.username') });
        if (!USERNAME_RE.test(username)) throw new ApiError('invalid', msg('bad_username'), 'username');
        if (state.accounts.some((a) => a.username === username))
          throw new ApiError('invalid', msg('username_taken', { username }), 'username');
        const fullName = input.full_name.trim();
        if (!fullName) throw invalid('required', 'full_name', { field: msg('field.full_name') });
        if (!(input.role in ROLE_RANK)) throw new ApiError('invalid', `role: ${String(input.role)}`, 'role');
        checkPassword(input.password, 'password');
        return accountView(addAccount({ username, full_name: fullName, role: input.role }, input.password));
      }),

    resetPassword: (clerkId: string, newPassword: string) =>
      step('resetPassword', [clerkId, newPassword], () => {
        const a = findAccount(clerkId);
        checkPassword(newPassword, 'new_password');
        a.password = newPassword;
      }),

    changePassword: (oldPassword: string, newPassword: string) =>
      step('changePassword', [oldPassword, newPassword], () => {
        const a = sessionAccount();
        if (!a) throw new ApiError('not_signed_in', msg('not_signed_in'));
        if (a.password !== oldPassword) throw new ApiError('bad_credentials', msg('bad_credentials'), 'old_password');
        checkPassword(newPassword, 'new_password');
        a.password = newPassword;
      }),

    setAccountActive: (clerkId: string, active: boolean) =>
      step('setAccountActive', [clerkId, active], () => {
        const a = findAccount(clerkId);
        if (!active && a.clerk_id === state.session?.clerk_id)
          throw new ApiError('invalid', msg('cannot_disable_self'));
        a.active = active;
        a.failed_attempts = 0;
        a.locked_until = null;
      }),

    setIdleLockMinutes: (minutes: number) =>
      step('setIdleLockMinutes', [minutes], () => {
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240)
          throw new ApiError('invalid', msg('bad_idle_minutes', { value: minutes }), 'idle_lock_minutes');
        state.idle_lock_minutes = minutes;
      }),
  };

  return Object.assign(impl, { state });
}
