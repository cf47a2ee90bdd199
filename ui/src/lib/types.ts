// Shapes that cross the IPC boundary, as serde sends them (snake_case; RFC 3339 UTC timestamps).
// They are generated from the Rust DTOs by ts-rs into ./bindings/ (`cargo test -p motcua`);
// nothing here is hand-copied. Nothing else in the UI imports shapes from anywhere but this module.

import type { AppStatus as GeneratedAppStatus } from './bindings/AppStatus';

export type { UnitSettings } from './bindings/UnitSettings';
export type { SetupInput } from './bindings/SetupInput';
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
