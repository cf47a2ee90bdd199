// Shapes that cross the IPC boundary, as serde sends them (snake_case; RFC 3339 UTC timestamps).
// They are generated from the Rust DTOs by ts-rs into ./bindings/ (`cargo test -p motcua`);
// nothing here is hand-copied. Nothing else in the UI imports shapes from anywhere but this module.

import type { AppStatus as GeneratedAppStatus } from './bindings/AppStatus';

export type { UnitSettings } from './bindings/UnitSettings';
export type { SetupInput } from './bindings/SetupInput';
// Accounts and sessions (issue 7).
export type { Role } from './bindings/Role';
export type { SessionView } from './bindings/SessionView';
export type { SessionStatus } from './bindings/SessionStatus';
export type { AccountView } from './bindings/AccountView';
export type { NewAccount } from './bindings/NewAccount';
export type { ProcedureSummary } from './bindings/ProcedureSummary';
export type { RequiredDocument } from './bindings/RequiredDocument';
export type { Procedure } from './bindings/Procedure';
export type { DuePreview } from './bindings/DuePreview';
export type { Applicant } from './bindings/Applicant';
export type { DocumentReceived } from './bindings/DocumentReceived';
export type { IntakeInput } from './bindings/IntakeInput';
export type { DossierSummary } from './bindings/DossierSummary';
export type { DossierEvent } from './bindings/DossierEvent';
export type { PrintRecord } from './bindings/PrintRecord';
export type { DossierView } from './bindings/DossierView';
export type { PrintOutcome } from './bindings/PrintOutcome';
/** What a rejected command carries across IPC (the message is already translated). */
export type { WireError as ApiErrorPayload } from './bindings/WireError';

export type { Locale } from './bindings/Locale';

export type AppStatus = GeneratedAppStatus;

// Sync with the portal (status bar, "Đồng bộ cuối ngày", enrollment, problems).
/** `pending` and `problems` are i64 in Rust (ts-rs says bigint); they arrive as JSON numbers:
 * read them through `Number()`. */
export type { SyncStatus } from './bindings/SyncStatus';
export type { SyncProblem } from './bindings/SyncProblem';

// The register (sổ tra cứu) and the end-of-day report.
export type { RegisterQuery } from './bindings/RegisterQuery';
export type { RegisterPage } from './bindings/RegisterPage';
export type { DayReport } from './bindings/DayReport';
export type { ReportCount } from './bindings/ReportCount';
export type { ReportClerkFees } from './bindings/ReportClerkFees';
export type { ReportOnTime } from './bindings/ReportOnTime';
export type { ReportOutcomes } from './bindings/ReportOutcomes';

/** `RegisterQuery.filters` entries (src/dossier/register.rs `Filter`). */
export type { Filter as RegisterFilter } from './bindings/Filter';
/** `RegisterQuery.sort` (src/dossier/register.rs `Sort`). */
export type { Sort as RegisterSort } from './bindings/Sort';
/** `DossierSummary.status` (src/dossier/mod.rs `Status`). */
export type { Status as DossierStatus } from './bindings/Status';
/** The report files `save_day_report` writes. */
export type { ReportFormat } from './bindings/ReportFormat';

// Outcomes (Mẫu 01/02/03, assisted online), fees, roles, returning applicants, ID-card QR.
export type { MissingItem } from './bindings/MissingItem';
export type { FeeInput } from './bindings/FeeInput';
export type { FeePreview } from './bindings/FeePreview';
export type { FeeReceiptInfo } from './bindings/FeeReceiptInfo';
export type { ApplicantHit } from './bindings/ApplicantHit';
export type { IdCard } from './bindings/IdCard';
export type { IdCardProblem } from './bindings/IdCardProblem';
/** `ok` with the card, or every problem found (the card is null then). */
export type { IdCardParse } from './bindings/IdCardParse';
export type { Sex } from './bindings/Sex';

// The closed sets of values of those shapes (Rust enums, same wire spelling).
/** `IntakeInput.outcome`: take the dossier (Mẫu 01), ask for more (Mẫu 02) or refuse it (Mẫu 03).
 * Online-only procedures are recorded as an assisted online submission whatever the outcome. */
export type { Outcome } from './bindings/Outcome';
/** `IntakeInput.owner_kind`; for all but a citizen the owner's `id_number` is the tax code. */
export type { OwnerKind } from './bindings/OwnerKind';
/** `IntakeInput.submitter_role`; a proxy needs `authorisation`. */
export type { SubmitterRole } from './bindings/SubmitterRole';
/** `Procedure.fee_kind`. */
export type { FeeKind } from './bindings/FeeKind';
/** `DossierView.forms` entries. */
export type { FormKind } from './bindings/FormKind';
/** `DossierView.outcome`. */
export type { DossierOutcome } from './bindings/DossierOutcome';
/** `DossierView.fee_state`. */
export type { FeeState } from './bindings/FeeState';
/** `FeeInput.collect_at` and `FeeInput.method`. */
export type { FeeCollect } from './bindings/FeeCollect';
export type { FeeMethod } from './bindings/FeeMethod';
/** `FeeReceiptInfo.e_receipt_state`. */
export type { EReceiptState } from './bindings/EReceiptState';
/** `Procedure.delivery`, `IntakeInput.delivery`, `DossierView.delivery`; `Procedure.channels`. */
export type { Delivery } from './bindings/Delivery';
export type { Channel } from './bindings/Channel';

export type { IntegrityStatus } from './bindings/IntegrityStatus';
export type { BackupStatus } from './bindings/BackupStatus';
