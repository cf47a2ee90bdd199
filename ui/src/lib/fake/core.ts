// The Rust core's own answers for the inputs the UI tests use (../fixtures/core.json, written by
// `cargo test -p motcua --test ui_fixtures`): the test catalogue, procedure searches, due-date and
// fee previews, ID-card QR parses, saved intakes, each dossier's later life, desk-wide queries,
// setups, sign-in attempts (the lockout), message templates and the fold table. The fake looks
// answers up here and computes none of them; an input with no answer is a clear error (add it to
// fixtures/inputs.json, or run the tests with MOTCUA_FIXTURE_MISSES=<file> and
// `node src/lib/fixtures/add-misses.mjs <file>`, then run that cargo test).

import { ApiError } from '../api';
import raw from '../fixtures/core.json';
import type { DossierView, DuePreview, FeeInput, FeePreview, IdCardParse, IntakeInput } from '../types';
import type { Locale, Procedure, ProcedureSummary, SetupInput, UnitSettings } from '../types';

type Wire = { code: string; message: string; field: string | null };
type Answer = { ok: unknown } | { err: Wire };
type PerLocale = Record<Locale, Answer>;

/** The shape tests/ui_fixtures.rs writes. */
type CoreFixtures = {
  procedures: { summary: ProcedureSummary; view: Procedure }[];
  searches: { query: string; answer: PerLocale }[];
  due: { procedure_code: string; received_at: string; answer: PerLocale }[];
  fees: { procedure_code: string; fee: FeeInput; answer: PerLocale }[];
  idcards: { text: string; today: string; answer: PerLocale }[];
  tax_codes: { value: string; answer: PerLocale }[];
  intakes: { input: unknown; now: string; answer: PerLocale }[];
  dossier_steps: { intake: unknown; steps: unknown; answer: PerLocale }[];
  desk_queries: { log: unknown; query: unknown; answer: PerLocale }[];
  setups: { input: unknown; answer: PerLocale }[];
  sign_ins: SignIns[];
  desk: { unit: UnitSettings; desk_name: string; clerk_name: string };
  messages: Record<Locale, Record<string, string>>;
  fold: Record<string, string>;
};
type SignIns = { active: boolean; attempts: [boolean, number][]; answer: PerLocale; after: SignInAfter };
export type SignInAfter = { failed_attempts: number; locked_until_ms: number | null };
const core = raw as unknown as CoreFixtures;

function read<T>(a: PerLocale, locale: Locale): T {
  const x = a[locale];
  if ('err' in x) throw new ApiError(x.err.code, x.err.message, x.err.field);
  return x.ok as T;
}

/** Writes the missing input where the tests were asked to collect them (Node only). */
function none(what: string, input: unknown): ApiError {
  const proc = (globalThis as { process?: { env: Record<string, string | undefined>; getBuiltinModule?: (m: string) => unknown } }).process;
  const file = proc?.env.MOTCUA_FIXTURE_MISSES;
  const fs = file ? (proc?.getBuiltinModule?.('node:fs') as { appendFileSync(f: string, s: string): void }) : null;
  fs?.appendFileSync(file!, `${JSON.stringify({ what, input })}\n`);
  return new ApiError(
    'no_fixture',
    `fake: the core gave no answer for ${what} ${JSON.stringify(input)}: add it to ui/src/lib/fixtures/inputs.json ` +
      'and run `cargo test -p motcua --test ui_fixtures`',
  );
}

/** JSON with object keys sorted (as serde_json writes a `Value`) and undefined left out. */
const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** `list` indexed by `keyOf` (built on first use: one look-up is then one canonical key). */
function indexed<T>(list: T[], keyOf: (x: T) => string): (key: string) => T | undefined {
  let map: Map<string, T> | null = null;
  return (key) => (map ??= new Map(list.map((x) => [keyOf(x), x]))).get(key);
}
const intakeAt = indexed(core.intakes, (c) => canon([c.input, Date.parse(c.now)]));
const stepOf = indexed(core.dossier_steps, (c) => canon({ intake: c.intake, steps: c.steps }));
const queryOf = indexed(core.desk_queries, (c) => canon({ log: c.log, query: c.query }));

/** The test catalogue, as `get_procedure` / `search_procedures` show it. */
export const PROCEDURES = core.procedures;
/** The desk the fixtures were made on. */
export const DESK = core.desk;

export function searchProcedures(query: string, locale: Locale): ProcedureSummary[] {
  const hit = core.searches.find((s) => s.query === query);
  if (!hit) throw none('search_procedures', query);
  return read(hit.answer, locale);
}

/** `received_at` as an instant (any RFC 3339 spelling of it). */
export function previewDue(procedureCode: string, receivedAt: Date, locale: Locale): DuePreview {
  const at = receivedAt.getTime();
  const hit = core.due.find((d) => d.procedure_code === procedureCode && Date.parse(d.received_at) === at);
  if (!hit) throw none('preview_due', [procedureCode, receivedAt.toISOString()]);
  return read(hit.answer, locale);
}

export function previewFee(procedureCode: string, fee: FeeInput, locale: Locale): FeePreview {
  const key = canon([fee.copies, fee.pages, fee.exempt_reason, fee.collect_at, fee.method]);
  const hit = core.fees.find(
    (f) =>
      f.procedure_code === procedureCode &&
      canon([f.fee.copies, f.fee.pages, f.fee.exempt_reason, f.fee.collect_at, f.fee.method]) === key,
  );
  if (!hit) throw none('preview_fee', [procedureCode, fee]);
  return read(hit.answer, locale);
}

/** `today`: YYYY-MM-DD, Vietnam date. */
export function parseIdcard(text: string, today: string, locale: Locale): IdCardParse {
  const hit = core.idcards.find((c) => c.text === text && c.today === today);
  if (!hit) throw none('parse_idcard', [text, today]);
  return read(hit.answer, locale);
}

/** The dossier `intake::save` made of `input` at `now` on the fixtures' desk. */
export function saveIntake(input: IntakeInput, now: Date, locale: Locale): DossierView {
  const hit = intakeAt(canon([input, now.getTime()]));
  if (!hit) throw none('save_intake', [input, now.toISOString()]);
  return read(hit.answer, locale);
}

/** A message template of the core's locales, `%{name}` filled from `params`. */
export function message(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const t = core.messages[locale][key];
  if (t === undefined) throw none('message', key);
  return t.replace(/%\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `%{${k}}`));
}

/** `search_text::fold`, character by character from the core's table. */
export function fold(s: string): string {
  return [...s.normalize('NFC')].map((c) => core.fold[c] ?? c).join('').replace(/\s+/g, ' ').trim();
}

/** The core's answer to the last of `steps` on the dossier saved from `intake` ([input, now]). */
export function dossierStep(intake: [IntakeInput, string], steps: [string, unknown[], string][], locale: Locale): DossierView {
  const hit = stepOf(canon({ intake, steps }));
  if (!hit) throw none('dossier_step', { intake, steps });
  return read(hit.answer, locale);
}

type Command = [string, unknown[], string];
/** What the desk as a whole answers to `query` after `log` (saved intakes, later-life commands). */
export function deskQuery<T>(log: Command[], query: Command, locale: Locale): T {
  const hit = queryOf(canon({ log, query }));
  if (!hit) throw none('desk_query', { log, query });
  return read(hit.answer, locale);
}

export type SetUp = { unit: UnitSettings; desk_name: string; clerk_name: string; username: string };
/** What `desk::setup` makes of `input` on a fresh database (or its refusal). */
export function setup(input: SetupInput, locale: Locale): SetUp {
  const key = canon(input);
  const hit = core.setups.find((c) => canon(c.input) === key);
  if (!hit) throw none('setup', input);
  return read(hit.answer, locale);
}

/** `accounts::sign_in` after these attempts (`[right password?, minutes since the first]`): the
 * account's count and lockout, and the last attempt's refusal (null when it signed in). */
export function signIn(active: boolean, attempts: [boolean, number][], locale: Locale): SignInAfter & { refusal: ApiError | null } {
  const key = canon({ active, attempts });
  const hit = core.sign_ins.find((c) => canon({ active: c.active, attempts: c.attempts }) === key);
  if (!hit) throw none('sign_in', { active, attempts });
  try {
    read(hit.answer, locale);
    return { ...hit.after, refusal: null };
  } catch (e) {
    return { ...hit.after, refusal: e as ApiError };
  }
}
