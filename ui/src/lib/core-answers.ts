// The Rust core's own answers for the inputs the UI tests use (ui/src/lib/fixtures/core.json,
// written by `cargo test -p motcua --test ui_fixtures`): the test catalogue's procedures,
// procedure searches, due-date and fee previews, ID-card QR parses, tax-code checks. The fake
// looks answers up here and computes none of them; an input with no answer is a clear error
// (add it to fixtures/inputs.json and run that test).

import { ApiError } from './api';
import raw from './fixtures/core.json';
import type { DuePreview, FeeInput, FeePreview, IdCardParse, Locale, Procedure, ProcedureSummary } from './types';

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
};
const core = raw as unknown as CoreFixtures;

function read<T>(a: PerLocale, locale: Locale): T {
  const x = a[locale];
  if ('err' in x) throw new ApiError(x.err.code, x.err.message, x.err.field);
  return x.ok as T;
}

function none(what: string, input: unknown): ApiError {
  return new ApiError(
    'no_fixture',
    `fake: the core gave no answer for ${what} ${JSON.stringify(input)}: add it to ui/src/lib/fixtures/inputs.json ` +
      'and run `cargo test -p motcua --test ui_fixtures`',
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The test catalogue, as `get_procedure` / `search_procedures` show it. */
export const PROCEDURES = core.procedures;

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
  const key = [fee.copies, fee.pages, fee.exempt_reason, fee.collect_at, fee.method];
  const hit = core.fees.find(
    (f) =>
      f.procedure_code === procedureCode &&
      same([f.fee.copies, f.fee.pages, f.fee.exempt_reason, f.fee.collect_at, f.fee.method], key),
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

/** The error `check_tax_code` gives (its field is the owner's tax code), or null when valid. */
export function taxCodeError(value: string, locale: Locale): ApiError | null {
  const hit = core.tax_codes.find((c) => c.value === value);
  if (!hit) throw none('check_tax_code', value);
  try {
    read(hit.answer, locale);
    return null;
  } catch (e) {
    const err = e as ApiError;
    return new ApiError(err.code, err.message, 'owner_id_number');
  }
}
