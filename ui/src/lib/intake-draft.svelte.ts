// The intake form's state lives here (not in the component) so that switching to "Hôm nay" and
// back keeps everything the clerk typed.

import type { ApiError } from './api';
import type {
  Applicant,
  Delivery,
  DossierSummary,
  DossierView,
  DuePreview,
  FeeInput,
  FeePreview,
  IdCard,
  IdCardProblem,
  Outcome,
  OwnerKind,
  Procedure,
  SubmitterRole,
} from './types';

export type DocRow = {
  name: string;
  required: boolean;
  received: boolean;
  original: number;
  certified: number;
  photocopy: number;
};

/** A row of the missing-items editor (Mẫu 02). */
export type MissingRow = { name: string; reason: string };

/** The fee controls; `exempt` + `exemptReason` become `exempt_reason` (null when not exempt). */
export type FeeDraft = {
  copies: number;
  pages: number;
  exempt: boolean;
  exemptReason: string;
  collectAt: FeeInput['collect_at'];
  method: FeeInput['method'];
};

export type IntakeDraft = {
  procedure: Procedure | null;
  procedureQuery: string;
  due: DuePreview | null;
  dueError: string | null;
  /** The clerk sets the due time by hand (needs a reason; recorded in the history). */
  overrideOpen: boolean;
  /** `datetime-local` value in Vietnam time, e.g. "2026-02-27T15:00". */
  overrideAt: string;
  overrideReason: string;
  submitter: Applicant;
  /** What the last good scan of the submitter's card said (birth date, sex are shown). */
  submitterCard: IdCard | null;
  /** The clerk's choice; null = the default (owner without an owner block, else relative). */
  submitterRole: SubmitterRole | null;
  /** Giấy ủy quyền (number, date), for a proxy. */
  authorisation: string;
  hasOwner: boolean;
  ownerKind: OwnerKind;
  owner: Applicant;
  ownerCard: IdCard | null;
  docs: DocRow[];
  setsCount: number;
  /** '' until a procedure is picked. */
  delivery: Delivery | '';
  outcome: Outcome;
  missing: MissingRow[];
  /** The clerk edited the missing list: stop re-filling it from the unticked documents. */
  missingTouched: boolean;
  refusalReason: string;
  fee: FeeDraft;
  feePreview: FeePreview | null;
  feeError: string | null;
  /** Problems of the last scanned ID-card QR string (the form was left as it was). */
  idcardProblems: IdCardProblem[] | null;
  /** Unfinished dossiers of this person for this procedure. */
  openDossiers: DossierSummary[];
  error: ApiError | null;
  result: DossierView | null;
};

export function emptyApplicant(): Applicant {
  return { full_name: '', id_number: '', phone: '', email: '', address: '' };
}

export function freshFee(): FeeDraft {
  return { copies: 1, pages: 1, exempt: false, exemptReason: '', collectAt: 'intake', method: 'cash' };
}

function fresh(): IntakeDraft {
  return {
    procedure: null,
    procedureQuery: '',
    due: null,
    dueError: null,
    overrideOpen: false,
    overrideAt: '',
    overrideReason: '',
    submitter: emptyApplicant(),
    submitterCard: null,
    submitterRole: null,
    authorisation: '',
    hasOwner: false,
    ownerKind: 'citizen',
    owner: emptyApplicant(),
    ownerCard: null,
    docs: [],
    setsCount: 1,
    delivery: '',
    outcome: 'accept',
    missing: [],
    missingTouched: false,
    refusalReason: '',
    fee: freshFee(),
    feePreview: null,
    feeError: null,
    idcardProblems: null,
    openDossiers: [],
    error: null,
    result: null,
  };
}

export const draft: IntakeDraft = $state(fresh());

export function resetDraft(): void {
  Object.assign(draft, fresh());
}

/** Fills the document rows, sets and delivery from a freshly picked procedure. */
export function applyProcedure(p: Procedure): void {
  draft.procedure = p;
  draft.procedureQuery = p.name;
  draft.docs = p.documents.map((d) => ({
    name: d.name,
    required: d.required,
    received: d.required,
    original: d.original,
    certified: d.certified,
    photocopy: d.photocopy,
  }));
  draft.setsCount = p.sets > 0 ? p.sets : 1;
  if (draft.delivery === '' || !p.delivery.includes(draft.delivery)) draft.delivery = p.delivery[0] ?? 'counter';
  draft.due = null;
  draft.dueError = null;
  draft.overrideOpen = false;
  draft.overrideAt = '';
  draft.overrideReason = '';
  draft.outcome = 'accept';
  draft.missing = [];
  draft.missingTouched = false;
  draft.refusalReason = '';
  draft.fee = freshFee();
  draft.feePreview = null;
  draft.feeError = null;
  draft.openDossiers = [];
  draft.error = null;
}

/** The submitter's role as it will be sent. */
export function effectiveRole(): SubmitterRole {
  return draft.submitterRole ?? (draft.hasOwner ? 'relative' : 'owner');
}

/** Is the fee section shown (and the fee sent)? Only an accepted paper dossier of a procedure
 * that is not free is charged at the desk. */
export function feeApplies(): boolean {
  const p = draft.procedure;
  return !!p && !p.online_only && p.fee_kind !== 'free' && draft.outcome === 'accept';
}

/** The fee as `FeeInput`. */
export function feeInput(): FeeInput {
  const n = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const f = draft.fee;
  return {
    copies: n(f.copies, 0),
    pages: n(f.pages, 0),
    exempt_reason: f.exempt ? f.exemptReason : null,
    collect_at: f.collectAt,
    method: f.method,
  };
}

/** Mẫu 02 pre-filled: the procedure's required documents that were not ticked, reasons blank. */
export function missingFromDocs(): MissingRow[] {
  return draft.docs.filter((d) => d.required && !d.received).map((d) => ({ name: d.name, reason: '' }));
}

/** Re-fills the missing list from the unticked documents unless the clerk has edited it. */
export function syncMissing(): void {
  if (draft.outcome === 'supplement' && !draft.missingTouched) draft.missing = missingFromDocs();
}

/** A `datetime-local` value (Vietnam wall time) as RFC 3339 with the +07:00 offset. */
export function vnLocalToRfc3339(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}:${m[3]}:00+07:00` : v.trim();
}
