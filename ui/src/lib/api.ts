// The ONE module of the UI that talks to Rust. Nothing else imports `@tauri-apps/*`.
//
// Every command is one typed function. A rejected invoke becomes an `ApiError` with the backend's
// `{code, message, field}` (the message is already translated by the backend). Components reach the
// backend through `api()`, so tests and the browser preview can swap in the in-memory fake with
// `setApi(fake)`.

import { invoke as tauriInvoke, isTauri } from '@tauri-apps/api/core';
import type {
  AccountView,
  ApplicantHit,
  AppStatus,
  DayReport,
  DossierStatus,
  DossierSummary,
  DossierView,
  DuePreview,
  FeeInput,
  FeePreview,
  FormKind,
  IdCardParse,
  IntakeInput,
  IntegrityStatus,
  Locale,
  NewAccount,
  PrintOutcome,
  Procedure,
  ProcedureSummary,
  RegisterPage,
  RegisterQuery,
  ReportFormat,
  SessionStatus,
  SessionView,
  SetupInput,
  SyncProblem,
  SyncStatus,
} from './types';

/** Who takes the result at the desk (`hand_out`): the owner, or a proxy with the authorisation. */
export interface HandOutInput {
  fullName: string;
  idNumber: string;
  isProxy: boolean;
  /** Required for a proxy (giấy ủy quyền); ignored otherwise. */
  authorisation: string | null;
}

export class ApiError extends Error {
  readonly code: string;
  /** The offending form field, when the backend names one, in the backend's flat naming:
   * setup `unit_name`, `parent_authority`, `place`, `unit_code`, `lookup_url`, `hotline`,
   * `desk_name`, `clerk_name`; intake `procedure_code`, `received_at`, `full_name`, `id_number`,
   * `phone`, `email`, `address` (submitter), `owner_full_name`, `owner_id_number`, … (owner),
   * `documents`, `sets_count`, `delivery`, `missing` (`missing.N.name`), `refusal_reason`,
   * `authorisation`, `owner_kind`, `submitter_role`, `outcome`, `fee_copies`, `fee_pages`,
   * `fee_exempt_reason`, `fee_collect`, `fee_method`. */
  readonly field?: string;

  constructor(code: string, message: string, field?: string | null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (field) this.field = normalizeField(field);
  }
}

/** The fee's own field names, flat (`fee_copies`) whether they come as `fee.copies` or `copies`. */
const FEE_FIELDS = ['copies', 'pages', 'exempt_reason', 'collect_at', 'method'];

/** Also accepts serde-style paths (`input.submitter.full_name`, `owner.phone`, `unit.code`,
 * `fee.copies`, `missing[2].name`) and maps them onto the flat names above. */
export function normalizeField(field: string): string {
  let f = field.startsWith('input.') ? field.slice('input.'.length) : field;
  f = f.replace(/\[(\d+)\]/g, '.$1');
  if (f.startsWith('fee.')) f = `fee_${f.slice('fee.'.length)}`;
  else if (FEE_FIELDS.includes(f)) f = `fee_${f}`;
  if (f === 'fee_collect_at') f = 'fee_collect';
  else if (f.startsWith('submitter.')) f = f.slice('submitter.'.length);
  else if (f.startsWith('owner.')) f = `owner_${f.slice('owner.'.length)}`;
  else if (f === 'unit.code' || f === 'unit.name') f = f.replace('.', '_');
  else if (f.startsWith('unit.')) f = f.slice('unit.'.length);
  return f;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Maps whatever a rejected invoke carries onto an ApiError. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isRecord(raw) && typeof raw.code === 'string' && typeof raw.message === 'string') {
    const field = typeof raw.field === 'string' && raw.field !== '' ? raw.field : undefined;
    return new ApiError(raw.code, raw.message, field);
  }
  // A command that is missing, panicked or returned a bare string rejects with a string.
  if (typeof raw === 'string') return new ApiError('ipc', raw);
  if (raw instanceof Error) return new ApiError('ipc', raw.message || raw.name);
  if (isRecord(raw) && typeof raw.message === 'string') return new ApiError('unknown', raw.message);
  return new ApiError('unknown', String(raw));
}

export interface Api {
  appStatus(): Promise<AppStatus>;
  setup(input: SetupInput): Promise<AppStatus>;
  setLocale(locale: Locale): Promise<void>;
  searchProcedures(query: string): Promise<ProcedureSummary[]>;
  getProcedure(code: string): Promise<Procedure>;
  /** `receivedAt` null means "now" on the backend. */
  previewDue(procedureCode: string, receivedAt: string | null): Promise<DuePreview>;
  saveIntake(input: IntakeInput): Promise<DossierView>;
  listDossiers(query: string, todayOnly: boolean): Promise<DossierSummary[]>;
  getDossier(code: string): Promise<DossierView>;
  /** The amount a fee input comes to (`preview_fee`). */
  previewFee(procedureCode: string, fee: FeeInput): Promise<FeePreview>;
  /** Returning applicants by ID number prefix or name (diacritic-insensitive, ≥ 3 characters). */
  searchApplicants(query: string): Promise<ApplicantHit[]>;
  /** Unfinished dossiers of this person (submitter or owner) for this procedure. */
  openDossiers(idNumber: string, procedureCode: string): Promise<DossierSummary[]>;
  /** Checks a scanned ID-card QR string (`parse_idcard`). */
  parseIdcard(text: string): Promise<IdCardParse>;
  /** Raw PDF bytes of one of `DossierView.forms`. */
  formPdf(kind: FormKind, code: string): Promise<Uint8Array>;
  /** Saves the form as PDF; resolves to the path of the saved file. */
  saveForm(kind: FormKind, code: string): Promise<string>;
  printForm(kind: FormKind, code: string): Promise<PrintOutcome>;

  /** Whether the database file is damaged and, if so, the newest backup that verifies (admin). */
  integrityStatus(): Promise<IntegrityStatus>;

  // Sync with the portal.
  syncStatus(): Promise<SyncStatus>;
  /** "Đồng bộ cuối ngày": one run now; a failure is in the returned status, not thrown. */
  syncNow(): Promise<SyncStatus>;
  syncProblems(): Promise<SyncProblem[]>;
  /** Enrolls the desk with a one-time code; on a fresh database `clerkName` and the first
   * (admin) `account` are needed (then the unit and desk come from the portal and the desk is set
   * up); an enrolled desk needs an admin signed in. */
  enroll(
    portalUrl: string,
    code: string,
    clerkName: string | null,
    account?: { username: string; password: string } | null,
  ): Promise<SyncStatus>;

  // The register (sổ tra cứu).
  searchRegister(query: RegisterQuery): Promise<RegisterPage>;
  /** The "Chờ trả" count the header polls: no activity for the idle lock (`result_ready_count`). */
  resultReadyCount(): Promise<number>;

  // The dossier's later life.
  /** Withdrawn and stopped need a reason; handed-out goes through `handOut`. */
  moveDossier(code: string, to: DossierStatus, reason: string): Promise<DossierView>;
  handOut(code: string, recipient: HandOutInput): Promise<DossierView>;
  /** Gia hạn (Mẫu 04): `dueAt` RFC 3339, later than the current appointment. */
  extendDue(code: string, dueAt: string, reason: string): Promise<DossierView>;
  /**
   * Đính chính: one detail of the submitter (`full_name`, `id_number`, `phone`, `email`,
   * `address`) or of the owner (the same with `owner_`), with the reason.
   */
  correctDossier(code: string, field: string, value: string, reason: string): Promise<DossierView>;

  // The end-of-day report.
  /** `date`: YYYY-MM-DD, Vietnam date. */
  dayReport(date: string): Promise<DayReport>;
  /** Saves the report as PDF or XLSX; resolves to the path. */
  saveDayReport(date: string, format: ReportFormat): Promise<string>;

  // Accounts and the session (issue 7). Every command above needs a signed-in, unlocked session
  // except appStatus, setup (before initialisation) and setLocale.
  sessionStatus(): Promise<SessionStatus>;
  signIn(username: string, password: string): Promise<SessionView>;
  signOut(): Promise<void>;
  /** The UI locks when the clerk has been idle `idle_lock_minutes`. */
  lockSession(): Promise<void>;
  /** The same clerk types the password again after a lock. */
  unlockSession(password: string): Promise<SessionView>;
  /** Admin only. */
  listAccounts(): Promise<AccountView[]>;
  /** Admin only. */
  createAccount(input: NewAccount): Promise<AccountView>;
  /** Admin only. */
  resetPassword(clerkId: string, newPassword: string): Promise<void>;
  /** Anyone, for their own account. */
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  /** Admin only; enabling also clears a lockout. */
  setAccountActive(clerkId: string, active: boolean): Promise<void>;
  /** Admin only, 1..=240. */
  setIdleLockMinutes(minutes: number): Promise<void>;
}

export type InvokeFn = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** Binary IPC answers arrive as ArrayBuffer (tauri::ipc::Response) or, if serialised, as number[]. */
export function toBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  if (ArrayBuffer.isView(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (Array.isArray(raw) && raw.every((b) => typeof b === 'number')) return Uint8Array.from(raw);
  throw new ApiError('ipc', 'form_pdf: unexpected answer (not bytes)');
}

/** The real client over Tauri's invoke. `invoke` is injectable for tests. */
export function createTauriApi(invoke: InvokeFn = tauriInvoke): Api {
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return (await invoke(cmd, args)) as T;
    } catch (e) {
      throw toApiError(e);
    }
  }
  return {
    appStatus: () => call<AppStatus>('app_status'),
    setup: (input) => call<AppStatus>('setup', { input }),
    setLocale: async (locale) => {
      await call<null>('set_locale', { locale });
    },
    searchProcedures: (query) => call<ProcedureSummary[]>('search_procedures', { query }),
    getProcedure: (code) => call<Procedure>('get_procedure', { code }),
    previewDue: (procedureCode, receivedAt) =>
      call<DuePreview>('preview_due', { procedureCode, receivedAt }),
    saveIntake: (input) => call<DossierView>('save_intake', { input }),
    listDossiers: (query, todayOnly) =>
      call<DossierSummary[]>('list_dossiers', { query, todayOnly }),
    getDossier: (code) => call<DossierView>('get_dossier', { code }),
    previewFee: (procedureCode, fee) => call<FeePreview>('preview_fee', { procedureCode, fee }),
    searchApplicants: (query) => call<ApplicantHit[]>('search_applicants', { query }),
    openDossiers: (idNumber, procedureCode) =>
      call<DossierSummary[]>('open_dossiers', { idNumber, procedureCode }),
    parseIdcard: (text) => call<IdCardParse>('parse_idcard', { text }),
    formPdf: async (kind, code) => toBytes(await call<unknown>('form_pdf', { kind, code })),
    saveForm: (kind, code) => call<string>('save_form', { kind, code }),
    printForm: (kind, code) => call<PrintOutcome>('print_form', { kind, code }),
    integrityStatus: () => call<IntegrityStatus>('integrity_status'),
    syncStatus: () => call<SyncStatus>('sync_status'),
    syncNow: () => call<SyncStatus>('sync_now'),
    syncProblems: () => call<SyncProblem[]>('sync_problems'),
    enroll: (portalUrl, code, clerkName, account = null) =>
      call<SyncStatus>('enroll', {
        portalUrl,
        code,
        clerkName,
        username: account?.username ?? null,
        password: account?.password ?? null,
      }),
    searchRegister: (query) => call<RegisterPage>('search_register', { query }),
    resultReadyCount: () => call<number>('result_ready_count'),
    moveDossier: (code, to, reason) => call<DossierView>('move_dossier', { code, to, reason }),
    handOut: (code, r) =>
      call<DossierView>('hand_out', {
        code,
        fullName: r.fullName,
        idNumber: r.idNumber,
        isProxy: r.isProxy,
        authorisation: r.isProxy ? r.authorisation : null,
      }),
    extendDue: (code, dueAt, reason) => call<DossierView>('extend_due', { code, dueAt, reason }),
    correctDossier: (code, field, value, reason) =>
      call<DossierView>('correct_dossier', { code, field, value, reason }),
    dayReport: (date) => call<DayReport>('day_report', { date }),
    saveDayReport: (date, format) => call<string>('save_day_report', { date, format }),
    sessionStatus: () => call<SessionStatus>('session_status'),
    signIn: (username, password) => call<SessionView>('sign_in', { username, password }),
    signOut: async () => {
      await call<null>('sign_out');
    },
    lockSession: async () => {
      await call<null>('lock_session');
    },
    unlockSession: (password) => call<SessionView>('unlock_session', { password }),
    listAccounts: () => call<AccountView[]>('list_accounts'),
    createAccount: (input) => call<AccountView>('create_account', { input }),
    resetPassword: async (clerkId, newPassword) => {
      await call<null>('reset_password', { clerkId, newPassword });
    },
    changePassword: async (oldPassword, newPassword) => {
      await call<null>('change_password', { oldPassword, newPassword });
    },
    setAccountActive: async (clerkId, active) => {
      await call<null>('set_account_active', { clerkId, active });
    },
    setIdleLockMinutes: async (minutes) => {
      await call<null>('set_idle_lock_minutes', { minutes });
    },
  };
}

/** The codes by which the backend says the session is gone (idle lock, never signed in, signed
 * out elsewhere): whatever the command, the UI brings up the lock / sign-in screen. */
export const SESSION_LOST_CODES = ['session_locked', 'not_signed_in'] as const;

type SessionLostListener = (code: string) => void;
let sessionLost: SessionLostListener | null = null;

/** Called with the code whenever any command answers `session_locked` or `not_signed_in`. */
export function onSessionLost(listener: SessionLostListener | null): void {
  sessionLost = listener;
}

let current: Api | null = null;
let guarded: Api | null = null;

/** Replaces the client (tests, browser preview). `null` goes back to the real one. */
export function setApi(impl: Api | null): void {
  current = impl;
  guarded = null;
}

/** The client as set, without the session guard (tests). */
export function rawApi(): Api {
  if (!current) current = createTauriApi();
  return current;
}

/** The client every component uses: a session-lost answer also tells the listener (the lock
 * screen), whichever command it came from. Methods are looked up on each call, so a test may
 * still replace one on the fake after `setApi`. */
export function api(): Api {
  const target = rawApi();
  if (guarded) return guarded;
  guarded = new Proxy(target, {
    get(t, prop, receiver) {
      const v: unknown = Reflect.get(t, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(t, args);
        // A side branch watches for the session answers; the caller gets the very same promise
        // (no extra tick, the same rejection).
        if (out instanceof Promise) {
          out.catch((e: unknown) => {
            const code = toApiError(e).code;
            if ((SESSION_LOST_CODES as readonly string[]).includes(code)) sessionLost?.(code);
          });
        }
        return out;
      };
    },
  });
  return guarded;
}

/** True inside the Tauri webview (false in a plain browser or under vitest). */
export function runningInTauri(): boolean {
  return isTauri();
}
