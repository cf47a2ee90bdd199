// Shapes that cross the IPC boundary, as serde sends them (snake_case; RFC 3339 UTC timestamps).
//
// The lead generates these from Rust with ts-rs into `./bindings/` (one file per type plus an
// index.ts). Until that folder exists, this file spells out the agreed shapes; once it does, replace
// the declarations below with
//     export type { AppStatus, UnitSettings, ... } from './bindings';
// Nothing else in the UI imports shapes from anywhere but this module.

export type Locale = 'vi' | 'en';

export type UnitSettings = {
  code: string;
  name: string;
  parent_authority: string;
  place: string;
  lookup_url: string;
  hotline: string;
};

/**
 * Proposed, not in the agreed list yet: the sync status the header shows when the backend sends
 * one. Until then the header says the desk is not connected to a portal.
 */
export type SyncStatus = {
  online: boolean;
  pending: number;
  last_success_at: string | null;
  last_error: string | null;
};

export type AppStatus = {
  initialized: boolean;
  unit: UnitSettings | null;
  desk_name: string | null;
  clerk_name: string | null;
  locale: string;
  db_path: string;
  sync?: SyncStatus | null;
};

export type SetupInput = {
  unit: UnitSettings;
  desk_name: string;
  clerk_name: string;
  load_demo_catalogue: boolean;
};

export type ProcedureSummary = {
  code: string;
  name: string;
  field: string;
  duration_text: string;
  fee_text: string;
  online_only: boolean;
};

export type RequiredDocument = {
  name: string;
  required: boolean;
  original: number;
  certified: number;
  photocopy: number;
};

export type Procedure = {
  code: string;
  local_code: string | null;
  name: string;
  field: string;
  authority: string;
  duration_text: string;
  fee_text: string;
  documents: RequiredDocument[];
  channels: string[];
  delivery: string[];
  online_only: boolean;
  sets: number;
};

export type DuePreview = {
  due_at: string | null;
  due_local_text: string;
  explanation: string;
};

export type Applicant = {
  full_name: string;
  id_number: string;
  phone: string;
  email: string;
  address: string;
};

export type DocumentReceived = {
  name: string;
  original: number;
  certified: number;
  photocopy: number;
};

export type IntakeInput = {
  procedure_code: string;
  received_at: string | null;
  submitter: Applicant;
  owner: Applicant | null;
  documents: DocumentReceived[];
  sets_count: number;
  delivery: string;
};

export type DossierSummary = {
  id: string;
  code: string;
  procedure_code: string;
  procedure_name: string;
  submitter_name: string;
  id_number: string;
  received_at: string;
  due_at: string | null;
  status: string;
  status_label: string;
};

export type DossierEvent = {
  at: string;
  actor: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string;
};

export type PrintRecord = {
  at: string;
  actor: string;
  kind: string; // "print" | "save" | "reprint"
  target: string;
};

export type DossierView = {
  summary: DossierSummary;
  submitter: Applicant;
  owner: Applicant | null;
  documents: DocumentReceived[];
  sets_count: number;
  delivery: string;
  due_explanation: string;
  events: DossierEvent[];
  prints: PrintRecord[];
};

export type PrintOutcome = {
  printer: string | null;
  job: string;
  message: string;
};

/** What a rejected command carries across IPC (the message is already translated). */
export type ApiErrorPayload = {
  code: string;
  message: string;
  field: string | null;
};
