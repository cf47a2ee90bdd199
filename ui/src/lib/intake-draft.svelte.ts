// The intake form's state lives here (not in the component) so that switching to "Hôm nay" and
// back keeps everything the clerk typed.

import type { ApiError } from './api';
import type { Applicant, DossierView, DuePreview, Procedure } from './types';

export type DocRow = {
  name: string;
  required: boolean;
  received: boolean;
  original: number;
  certified: number;
  photocopy: number;
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
  hasOwner: boolean;
  owner: Applicant;
  docs: DocRow[];
  setsCount: number;
  delivery: string;
  error: ApiError | null;
  result: DossierView | null;
};

export function emptyApplicant(): Applicant {
  return { full_name: '', id_number: '', phone: '', email: '', address: '' };
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
    hasOwner: false,
    owner: emptyApplicant(),
    docs: [],
    setsCount: 1,
    delivery: '',
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
  if (!p.delivery.includes(draft.delivery)) draft.delivery = p.delivery[0] ?? 'counter';
  draft.due = null;
  draft.dueError = null;
  draft.overrideOpen = false;
  draft.overrideAt = '';
  draft.overrideReason = '';
  draft.error = null;
}

/** A `datetime-local` value (Vietnam wall time) as RFC 3339 with the +07:00 offset. */
export function vnLocalToRfc3339(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}:${m[3]}:00+07:00` : v.trim();
}
