// TEMPORARY hand-written copies of the accounts/session DTOs of the issue 7 contract
// (/work/notes/issue7-contract.md), until helper "trust" exports them with ts-rs into ./bindings/
// (SessionView, SessionStatus, AccountView, NewAccount, Role, and SetupInput with the first
// account). Once the generated files exist, types.ts re-exports them instead and this file goes.

import type { SetupInput as GeneratedSetupInput } from './bindings/SetupInput';

/** A clerk's role; admin ⊇ supervisor ⊇ clerk (src/accounts.rs `Role`, serde lowercase). */
export type Role = 'clerk' | 'supervisor' | 'admin';

/** The signed-in clerk. */
export type SessionView = { clerk_id: string; username: string; full_name: string; role: Role };

/** `session_status`: whether someone is signed in, and whether the session is locked (idle). */
export type SessionStatus = {
  initialized: boolean;
  signed_in: boolean;
  locked: boolean;
  clerk: SessionView | null;
  idle_lock_minutes: number;
  last_username: string | null;
};

/** One account as the admin sees it; `locked_until` is RFC 3339 UTC (lockout after 5 failures). */
export type AccountView = {
  clerk_id: string;
  username: string;
  full_name: string;
  role: Role;
  active: boolean;
  failed_attempts: number;
  locked_until: string | null;
};

/** `create_account` input; the password needs at least 8 characters. */
export type NewAccount = { username: string; full_name: string; role: Role; password: string };

/** First-run setup with the first (admin) account. The intersection stays valid once the
 * generated `SetupInput` has these fields itself. */
export type SetupInput = GeneratedSetupInput & { username: string; password: string };
