// In-memory stand-in for the Rust backend: used by the vitest tests and by the browser preview
// (`npm run dev` outside Tauri; never in the production bundle). It keeps the desk's state
// (dossiers, accounts, sync) so that the UI can be driven end to end. Every answer that a rule
// decides is the Rust core's own (./fake/core.ts, ui/src/lib/fixtures/core.json): the catalogue,
// searches, due dates, fees, saved intakes (validation, fees, outcome, forms, warnings), ID-card
// QR parses, the register, the day report, setup, messages, folding and sign-in attempts (the lockout).

import { ApiError, type Api } from './api';
import { vnDateKey, formatVnTime } from './time';
import type {
  AccountView,
  ApplicantHit,
  AppStatus,
  DossierStatus,
  DossierSummary,
  DossierView,
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
  DayReport,
  RegisterPage,
  RegisterQuery,
  Role,
  SessionStatus,
  SessionView,
  SetupInput,
  SyncProblem,
  SyncStatus,
  UnitSettings,
} from './types';
import type { HandOutInput } from './api';
import * as core from './fake/core';
import { formPdf } from './fake/pdf';

export { buildPdf } from './fake/pdf';
/** The core's folding (search_text::fold). */
export const foldVietnamese = core.fold;

/** The test catalogue (ui/src/lib/fixtures/catalogue.json, as the core shows it). */
export const DEMO_CATALOGUE: Procedure[] = core.PROCEDURES.map((p) => p.view);

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

/** An account as the fake keeps it: the password in clear (a test double) and the sign-in
 * attempts since the last success (what the core replays). */
export type FakeAccount = AccountView & { password: string; tries: [boolean, number][] };

/** The session the fake backend holds (one desk, one session). */
export type FakeSession = { clerk_id: string; locked: boolean; last_command_ms: number };

/** Commands that need no session (the contract's exemptions; `setup` only before initialisation,
 * which it checks itself). */
const SESSION_EXEMPT = new Set(['appStatus', 'setup', 'setLocale', 'sessionStatus', 'signIn', 'unlockSession']);
/** What the app polls by itself: needs an unlocked session but is no activity (the desk's
 * `session_passive`), so polling does not keep the idle lock from firing. */
const PASSIVE = new Set(['syncStatus', 'resultReadyCount']);
/** Commands above the clerk's role (the core enforces the same), with the action's message key. */
const ROLE_NEEDED: Record<string, [Role, string]> = {
  dayReport: ['supervisor', 'action_day_report'],
  saveDayReport: ['supervisor', 'action_day_report'],
  enroll: ['admin', 'action_enroll'],
  listAccounts: ['admin', 'action_manage_accounts'],
  createAccount: ['admin', 'action_manage_accounts'],
  resetPassword: ['admin', 'action_manage_accounts'],
  setAccountActive: ['admin', 'action_manage_accounts'],
  setIdleLockMinutes: ['admin', 'action_unit_settings'],
  integrityStatus: ['admin', 'action_unit_settings'],
};
const ROLE_RANK: Record<Role, number> = { clerk: 0, supervisor: 1, admin: 2 };
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

export const DEMO_UNIT: UnitSettings = core.DESK.unit;

export function createFakeApi(opts: FakeOptions = {}): FakeApi {
  // The core's answers in the fixtures are for this morning (Wednesday 4 March 2026, 09:00 VN).
  const now = opts.now ?? (() => new Date('2026-03-04T02:00:00Z'));
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
      tries: [],
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
    state.status = { ...state.status, initialized: true, unit: { ...DEMO_UNIT }, desk_name: core.DESK.desk_name, clerk_name: core.DESK.clerk_name };
    catalogue.push(...DEMO_CATALOGUE);
  }
  /** Storage counters of this desk: dossier code sequences, ledger and receipt numbers. */
  const counters = new Map<string, number>();
  const count = (key: string) => {
    counters.set(key, (counters.get(key) ?? 0) + 1);
    return counters.get(key)!;
  };
  /** dossier code + form kind already printed once (later prints are reprints). */
  const printed = new Set<string>();

  const locale = (): Locale => (state.status.locale === 'en' ? 'en' : 'vi');
  const msg = (key: string, params?: Record<string, string | number>) => core.message(locale(), key, params);
  const invalid = (code: string, key: string, field: string, params?: Record<string, string | number>) =>
    new ApiError(code, msg(key, params), field);

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
  const notSignedIn = () => new ApiError('not_signed_in', msg('accounts.not_signed_in'));

  /** Every command but the exempt ones needs a signed-in, unlocked session with the role. */
  function checkSession(name: string) {
    if (SESSION_EXEMPT.has(name)) return;
    // Enrolling a fresh database sets the desk up (like `setup`): no account exists yet.
    if (name === 'enroll' && !state.status.initialized) return;
    // Signing out and locking work on a locked session too, and do nothing without one.
    if (name === 'signOut' || name === 'lockSession') return;
    const acc = sessionAccount();
    if (!state.session || !acc) throw notSignedIn();
    if (state.session.locked || idleExpired()) {
      state.session.locked = true;
      throw new ApiError('session_locked', msg('accounts.session_locked'));
    }
    if (!PASSIVE.has(name)) state.session.last_command_ms = sessionNow();
    const [needed, action] = ROLE_NEEDED[name] ?? ['clerk', ''];
    if (!roleAtLeast(acc.role, needed)) {
      const role = msg(`accounts.role_${needed}`);
      throw new ApiError('forbidden', msg('accounts.forbidden', { action: msg(`accounts.${action}`), role }));
    }
  }

  const sessionView = ({ clerk_id, username, full_name, role }: FakeAccount): SessionView => ({ clerk_id, username, full_name, role });
  const accountView = ({ password: _password, tries: _tries, ...view }: FakeAccount): AccountView => view;
  const checkPassword = (pw: string, field: string) => {
    const n = [...pw].length;
    if (n < 8 || n > 256) throw new ApiError('weak_password', msg('accounts.weak_password'), field);
  };
  const checkUsername = (raw: string) => {
    const username = raw.trim().toLowerCase();
    if (!username) throw invalid('required', 'setup.required', 'username', { field: msg('ui.auth.username') });
    if (!USERNAME_RE.test(username)) throw new ApiError('invalid', msg('accounts.invalid_username'), 'username');
    return username;
  };
  const findAccount = (id: string) => {
    const a = state.accounts.find((x) => x.clerk_id === id);
    if (!a) throw new ApiError('not_found', msg('accounts.not_found', { id }));
    return a;
  };
  const lockedError = (a: FakeAccount) =>
    new ApiError('account_locked', msg('accounts.account_locked', { until: formatVnTime(a.locked_until) }));
  /** Password check: the count and the lockout are the core's (`accounts::sign_in` replaying this
   * account's attempts since its last success, timed in whole minutes from the first). */
  const verify = (a: FakeAccount, password: string) => {
    const at = sessionNow();
    const tries: [boolean, number][] = [...a.tries, [a.password === password, at]];
    const first = tries[0][1];
    const r = core.signIn(a.active, tries.map(([ok, t]) => [ok, Math.floor((t - first) / 60_000)]), locale());
    a.failed_attempts = r.failed_attempts;
    a.locked_until = r.locked_until_ms === null ? null : new Date(first + r.locked_until_ms).toISOString();
    a.tries = r.refusal ? tries : [];
    if (r.refusal?.code === 'account_locked') throw lockedError(a);
    if (r.refusal) throw r.refusal;
  };

  const requireInit = () => {
    if (!state.status.initialized || !state.status.unit) throw new ApiError('not_initialized', msg('error.not_initialized'));
    return state.status.unit;
  };
  const findProcedure = (code: string) => {
    const p = catalogue.find((c) => c.code === code);
    if (!p) throw invalid('unknown_procedure', 'catalogue.unknown_procedure', 'procedure_code', { code });
    return p;
  };
  const findDossier = (code: string) => {
    const d = state.dossiers.find((x) => x.summary.code === code);
    if (!d) throw new ApiError('not_found', msg('dossier.not_found', { code }));
    return d;
  };
  /** The dossier, when `kind` is one of the forms it can print. */
  const findForm = (kind: FormKind, code: string) => {
    const d = findDossier(code);
    if (!d.forms.includes(kind)) throw new ApiError('form_unavailable', msg('forms.not_available', { code, kind }));
    return d;
  };
  const iso = (t: string | null) => t && new Date(t).toISOString();
  /** The core's view numbered as on this desk (code, id, ledger and receipt numbers), instants
   * written as the UI writes them. */
  const numbered = (v: DossierView, own: Pick<DossierView, 'summary' | 'ledger_number' | 'fee_receipt'>): DossierView => ({
    ...v,
    summary: { ...v.summary, id: own.summary.id, code: own.summary.code, received_at: iso(v.summary.received_at)!, due_at: iso(v.summary.due_at) },
    events: v.events.map((e) => ({ ...e, at: iso(e.at)! })),
    ledger_number: own.ledger_number,
    fee_receipt: v.fee_receipt && own.fee_receipt && { ...v.fee_receipt, number: own.fee_receipt.number },
  });
  /** One more change waiting in the outbox (every saved change writes one row). */
  const changed = () => {
    state.sync.pending = BigInt(Number(state.sync.pending) + 1);
  };
  /** Each dossier's life as the core saw it: its intake, then the commands on it. */
  const journals = new Map<string, { intake: [IntakeInput, string]; steps: [string, unknown[], string][] }>();
  /** Everything saved on this desk, in order (what the core replays to answer desk-wide queries). */
  const log: [string, unknown[], string][] = [];
  /** A desk-wide query (register, report, applicants, lists): the core's answer after `log`, with
   * this desk's dossier ids and instants as the UI writes them. */
  const ask = <T>(name: string, args: unknown[]): T => {
    requireInit();
    return local(core.deskQuery(log, [name, args, now().toISOString()], locale())) as T;
  };
  const local = (x: unknown): unknown => {
    if (typeof x === 'string') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(x) ? iso(x) : x;
    if (Array.isArray(x)) return x.map(local);
    if (!x || typeof x !== 'object') return x;
    const o = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, local(v)]));
    const own = 'code' in o && 'id' in o ? state.dossiers.find((d) => d.summary.code === o.code) : undefined;
    return own ? { ...o, id: own.summary.id } : o;
  };
  /** A later-life command: the core's answer for this dossier's journal plus the command. */
  const change = (code: string, name: string, args: unknown[]): DossierView => {
    const d = findDossier(code);
    const j = journals.get(code)!;
    const steps = [...j.steps, [name, args, now().toISOString()] as [string, unknown[], string]];
    const v = core.dossierStep(j.intake, steps, locale());
    j.steps = steps;
    log.push([name, [state.dossiers.indexOf(d), ...args], steps[steps.length - 1][2]]);
    Object.assign(d, numbered(v, d), { prints: d.prints });
    changed();
    return d;
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
      syncFailed('auth', msg('sync.not_enrolled'), false);
      return syncView();
    }
    if (!state.portal.reachable) {
      syncFailed('retryable', msg('sync.network', { detail: 'connection refused' }), false);
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
          ? msg('sync.clock_behind', { minutes: Math.round(state.portal.clock_offset_s / 60) })
          : null,
    };
    return syncView();
  };
  const impl: Api = {
    appStatus: () => step('appStatus', [], () => state.status),

    setup: (input: SetupInput) =>
      step('setup', [input], () => {
        const done = core.setup(input, locale());
        if (state.status.initialized) throw invalid('already_initialized', 'setup.already', '');
        addAccount({ username: done.username, full_name: done.clerk_name, role: 'admin' }, input.password);
        const { unit, desk_name, clerk_name } = done;
        state.status = { ...state.status, initialized: true, unit, desk_name, clerk_name };
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
        const due = core.previewDue(findProcedure(procedureCode).code, receivedAt ? new Date(receivedAt) : now(), locale());
        return { ...due, due_at: iso(due.due_at) };
      }),

    saveIntake: (input: IntakeInput) =>
      step('saveIntake', [input], (): DossierView => {
        requireInit();
        findProcedure(input.procedure_code);
        const at = now();
        const v = core.saveIntake(input, at, locale());
        const prefix = v.summary.code.replace(/\d+$/, '');
        const code = `${prefix}${String(count(prefix)).padStart(4, '0')}`;
        const ledger = count(`ledger ${v.ledger_book}`);
        const receipt = v.fee_receipt && { ...v.fee_receipt, number: count(`receipt ${v.fee_receipt.series}`) };
        const summary = { ...v.summary, id: `fake-${state.dossiers.length + 1}`, code };
        const view = numbered(v, { summary, ledger_number: ledger, fee_receipt: receipt });
        state.dossiers.push(view);
        journals.set(code, { intake: [input, at.toISOString()], steps: [] });
        log.push(['saveIntake', [input], at.toISOString()]);
        changed();
        return view;
      }),

    previewFee: (procedureCode: string, fee: FeeInput) =>
      step('previewFee', [procedureCode, fee], (): FeePreview => {
        requireInit();
        const p = findProcedure(procedureCode);
        return core.previewFee(p.code, fee, locale());
      }),

    searchApplicants: (query: string) => step('searchApplicants', [query], () => ask<ApplicantHit[]>('searchApplicants', [query])),

    openDossiers: (idNumber: string, procedureCode: string) =>
      step('openDossiers', [idNumber, procedureCode], () => ask<DossierSummary[]>('openDossiers', [idNumber, procedureCode])),

    parseIdcard: (text: string) =>
      step('parseIdcard', [text], (): IdCardParse => core.parseIdcard(text, vnDateKey(now()), locale())),

    listDossiers: (query: string, todayOnly: boolean) =>
      step('listDossiers', [query, todayOnly], () => ask<DossierSummary[]>('listDossiers', [query, todayOnly])),

    getDossier: (code: string) => step('getDossier', [code], () => findDossier(code)),

    formPdf: (kind: FormKind, code: string) =>
      step('formPdf', [kind, code], () => formPdf(kind, findForm(kind, code), requireInit())),

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
        return { printer, job, message: `Đã gửi lệnh in tới ${printer} (${job}).` };
      }),

    integrityStatus: () => step('integrityStatus', [], () => state.integrity),

    syncStatus: () => step('syncStatus', [], syncView),

    syncNow: () => step('syncNow', [], runSync),

    syncProblems: () =>
      step('syncProblems', [], (): SyncProblem[] => [...state.problems].reverse()),

    enroll: (portalUrl: string, code: string, clerkName: string | null, account?: { username: string; password: string } | null) =>
      step('enroll', account ? [portalUrl, code, clerkName, account] : [portalUrl, code, clerkName], (): SyncStatus => {
        const c = code.trim().toUpperCase();
        if (!c) throw new ApiError('required', msg('sync.code_required'), 'code');
        const fresh = !state.status.initialized;
        if (fresh && !(clerkName ?? '').trim())
          throw new ApiError('required', msg('sync.clerk_required'), 'clerk_name');
        // A fresh desk gets its first (admin) account here, as with `setup`.
        const username = fresh ? checkUsername(account?.username ?? '') : '';
        if (fresh) checkPassword(account?.password ?? '', 'password');
        const url = portalUrl.trim().replace(/\/+$/, '');
        if (!/^https?:\/\/\S+$/.test(url)) throw new ApiError('invalid_portal_url', msg('sync.bad_url', { url }));
        if (!state.portal.reachable)
          throw new ApiError('network', msg('sync.network', { detail: 'connection refused' }));
        if (!state.portal.codes.includes(c))
          throw new ApiError('auth', msg('sync.auth', { detail: 'mã đăng ký không đúng, đã dùng hoặc đã hết hạn' }));
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

    searchRegister: (query: RegisterQuery) => step('searchRegister', [query], () => ask<RegisterPage>('searchRegister', [query])),

    resultReadyCount: () => step('resultReadyCount', [], () => ask<number>('resultReadyCount', [])),

    moveDossier: (code: string, to: DossierStatus, reason: string) =>
      step('moveDossier', [code, to, reason], () => change(code, 'moveDossier', [to, reason])),

    handOut: (code: string, r: HandOutInput) => step('handOut', [code, r], () => change(code, 'handOut', [r])),

    extendDue: (code: string, dueAt: string, reason: string) =>
      step('extendDue', [code, dueAt, reason], () => change(code, 'extendDue', [dueAt, reason])),

    correctDossier: (code: string, field: string, value: string, reason: string) =>
      step('correctDossier', [code, field, value, reason], () => change(code, 'correctDossier', [field, value, reason])),

    dayReport: (date: string) => step('dayReport', [date], () => ask<DayReport>('dayReport', [date])),

    saveDayReport: (date: string, format: string) =>
      step('saveDayReport', [date, format], () => {
        requireInit();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim()))
          throw new ApiError('invalid_date', msg('ledger.bad_date', { value: date.trim() }), 'date');
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
        if (!acc) throw new ApiError('bad_credentials', msg('accounts.bad_credentials'));
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
        if (!state.session || !acc) throw new ApiError('not_signed_in', msg('accounts.not_signed_in'));
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
        const username = checkUsername(input.username);
        if (state.accounts.some((a) => a.username === username))
          throw new ApiError('invalid', msg('accounts.username_taken', { username }), 'username');
        const fullName = input.full_name.trim();
        if (!fullName) throw invalid('required', 'setup.required', 'full_name', { field: msg('field.full_name') });
        if (!(input.role in ROLE_RANK)) throw new ApiError('invalid', `role: ${String(input.role)}`, 'role');
        checkPassword(input.password, 'password');
        return accountView(addAccount({ username, full_name: fullName, role: input.role }, input.password));
      }),

    resetPassword: (clerkId: string, newPassword: string) =>
      step('resetPassword', [clerkId, newPassword], () => {
        const a = findAccount(clerkId);
        checkPassword(newPassword, 'new_password');
        Object.assign(a, { password: newPassword, failed_attempts: 0, locked_until: null, tries: [] });
      }),

    changePassword: (oldPassword: string, newPassword: string) =>
      step('changePassword', [oldPassword, newPassword], () => {
        const a = sessionAccount();
        if (!a) throw new ApiError('not_signed_in', msg('accounts.not_signed_in'));
        if (a.password !== oldPassword) throw new ApiError('bad_credentials', msg('accounts.bad_credentials'), 'old_password');
        checkPassword(newPassword, 'new_password');
        a.password = newPassword;
      }),

    setAccountActive: (clerkId: string, active: boolean) =>
      step('setAccountActive', [clerkId, active], () => {
        const a = findAccount(clerkId);
        if (!active && a.clerk_id === state.session?.clerk_id)
          throw new ApiError('invalid', msg('accounts.cannot_disable_self'));
        a.active = active;
        Object.assign(a, { failed_attempts: 0, locked_until: null, tries: [] });
      }),

    setIdleLockMinutes: (minutes: number) =>
      step('setIdleLockMinutes', [minutes], () => {
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240)
          throw new ApiError('invalid', msg('accounts.invalid_idle_lock', { value: minutes }), 'idle_lock_minutes');
        state.idle_lock_minutes = minutes;
      }),
  };

  return Object.assign(impl, { state });
}
