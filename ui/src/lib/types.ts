// Shapes that cross the IPC boundary, as serde sends them (snake_case; RFC 3339 UTC timestamps).
// They are generated from the Rust DTOs by ts-rs into ./bindings/ (`cargo test -p motcua`);
// nothing here is hand-copied. Nothing else in the UI imports shapes from anywhere but this module.

import type { AppStatus as GeneratedAppStatus } from './bindings/AppStatus';
import type { Applicant } from './bindings/Applicant';
import type { DossierView as GeneratedDossierView } from './bindings/DossierView';
import type { IntakeInput as GeneratedIntakeInput } from './bindings/IntakeInput';
import type { Procedure as GeneratedProcedure } from './bindings/Procedure';

export type { UnitSettings } from './bindings/UnitSettings';
export type { SetupInput } from './bindings/SetupInput';
export type { ProcedureSummary } from './bindings/ProcedureSummary';
export type { RequiredDocument } from './bindings/RequiredDocument';
export type { DuePreview } from './bindings/DuePreview';
export type { Applicant } from './bindings/Applicant';
export type { DocumentReceived } from './bindings/DocumentReceived';
export type { DossierSummary } from './bindings/DossierSummary';
export type { DossierEvent } from './bindings/DossierEvent';
export type { PrintRecord } from './bindings/PrintRecord';
export type { PrintOutcome } from './bindings/PrintOutcome';
/** What a rejected command carries across IPC (the message is already translated). */
export type { WireError as ApiErrorPayload } from './bindings/WireError';

export type Locale = 'vi' | 'en';

/**
 * The portal sync status the header shows once the desk syncs (a later issue). The backend does
 * not send it yet, so the header says the desk is not connected to a portal.
 */
export type SyncStatus = {
  online: boolean;
  pending: number;
  last_success_at: string | null;
  last_error: string | null;
};

export type AppStatus = GeneratedAppStatus & { sync?: SyncStatus | null };

// ---------------------------------------------------------------------------------------------
// TEMP until bindings: outcomes (Mẫu 01/02/03), fees, roles, returning applicants, ID-card QR.
// These mirror the backend's new DTOs as announced; replace each by the re-export of
// ./bindings/<Name> once ts-rs writes it.

// TEMP until bindings
/** What the clerk decides at the counter: take the dossier (Mẫu 01), ask for more (Mẫu 02) or
 * refuse it (Mẫu 03). Online-only procedures are recorded as an assisted online submission. */
export type Outcome = 'accept' | 'supplement' | 'refuse';
// TEMP until bindings
export type OwnerKind = 'citizen' | 'business' | 'agency' | 'organisation';
// TEMP until bindings
export type SubmitterRole = 'owner' | 'relative' | 'proxy';
// TEMP until bindings
/** One thing the citizen must still bring (Mẫu 02); the backend dedupes by name. */
export type MissingItem = { name: string; reason: string };
// TEMP until bindings
export type FeeInput = {
  copies: number;
  pages: number;
  /** null = not exempt. */
  exempt_reason: string | null;
  collect_at: 'intake' | 'result';
  method: 'cash' | 'transfer';
};
// TEMP until bindings
export type FeePreview = { amount: number; /** "4.000 đồng" */ text: string; explanation: string };
// TEMP until bindings
export type FeeKind = 'free' | 'fixed' | 'per-page' | 'unknown';
// TEMP until bindings
export type Procedure = GeneratedProcedure & { fee_kind: FeeKind };
// TEMP until bindings
export type IntakeInput = GeneratedIntakeInput & {
  /** Default 'accept'. */
  outcome?: Outcome;
  /** Required (non-empty) for 'supplement'. */
  missing?: MissingItem[];
  /** Required for 'refuse'. */
  refusal_reason?: string;
  /** Default 'citizen'; for the others the owner's `id_number` holds the tax code. */
  owner_kind?: OwnerKind;
  /** Default 'owner' without an owner block, else 'relative'. */
  submitter_role?: SubmitterRole;
  /** Giấy ủy quyền (number, date): required for 'proxy'. */
  authorisation?: string;
  fee?: FeeInput;
};
// TEMP until bindings
export type FeeReceiptInfo = { series: string; number: number; e_receipt_state: 'pending' | 'issued' };
// TEMP until bindings
/** The printable forms of a dossier. */
export type FormKind = 'receipt' | 'supplement-request' | 'refusal' | 'fee-receipt';
// TEMP until bindings
export type DossierView = GeneratedDossierView & {
  /** 'accepted' | 'supplement' | 'refused' | 'assisted-online' */
  outcome: string;
  fee_amount: number;
  /** 'none' | 'collected' | 'due-at-result' | 'exempt' */
  fee_state: string;
  fee_receipt: FeeReceiptInfo | null;
  /** Form kinds this dossier can print, the main one first. */
  forms: string[];
};
// TEMP until bindings
export type ApplicantHit = { applicant: Applicant; /** RFC 3339 */ last_seen: string; dossier_count: number };
// TEMP until bindings
export type IdCard = {
  id_number: string;
  old_id_number: string | null;
  full_name: string;
  /** YYYY-MM-DD */
  birth_date: string;
  sex: 'male' | 'female';
  address: string;
  /** YYYY-MM-DD */
  issue_date: string;
};
// TEMP until bindings
export type IdCardProblem = { field: string; message: string };
// TEMP until bindings
export type IdCardParse = { ok: true; card: IdCard } | { ok: false; problems: IdCardProblem[] };
