// Who is signed in, and whether the session is locked. App reads it to choose between the sign-in
// screen, the lock screen and the desk; any command answering `session_locked` / `not_signed_in`
// (see `onSessionLost` in api.ts) hides the desk at once and reads the status again.

import { api, toApiError } from './api';
import type { Role, SessionStatus, SessionView } from './types';

type SessionState = {
  status: SessionStatus | null;
  /** The desk is hidden (locked or signed out) while the status is read again. */
  lost: boolean;
  loadError: string | null;
};

const store = $state<SessionState>({ status: null, lost: false, loadError: null });
let seq = 0;

export function sessionState(): SessionState {
  return store;
}

/** The signed-in, unlocked clerk; null while signed out or locked. */
export function activeClerk(): SessionView | null {
  const s = store.status;
  if (!s || !s.signed_in || s.locked || store.lost) return null;
  return s.clerk;
}

const RANK: Record<Role, number> = { clerk: 0, supervisor: 1, admin: 2 };

/** admin ⊇ supervisor ⊇ clerk. The core checks roles itself; the UI only hides what it refuses. */
export function hasRole(needed: Role): boolean {
  const c = activeClerk();
  return !!c && RANK[c.role] >= RANK[needed];
}

/** Reads `session_status` again (a newer call wins over an older one). */
export async function refreshSession(): Promise<SessionStatus | null> {
  const mine = ++seq;
  try {
    const s = await api().sessionStatus();
    if (mine !== seq) return store.status;
    store.status = s;
    store.lost = false;
    store.loadError = null;
    return s;
  } catch (e) {
    if (mine === seq) store.loadError = toApiError(e).message;
    return null;
  }
}

/** A command said the session is gone: hide the desk now, then ask the backend what it is. */
export function sessionLost(code: string): void {
  store.lost = true;
  if (store.status && code === 'session_locked' && store.status.signed_in) {
    store.status = { ...store.status, locked: true };
  }
  void refreshSession();
}

/** Signed in (or unlocked) as `clerk`. */
export function signedIn(clerk: SessionView): void {
  seq++;
  store.lost = false;
  store.loadError = null;
  store.status = {
    ...(store.status ?? { initialized: true, idle_lock_minutes: 10 }),
    initialized: true,
    signed_in: true,
    locked: false,
    clerk,
    last_username: clerk.username,
  };
}

/** Locked here (idle) before the backend answered. */
export function lockedLocally(): void {
  seq++;
  if (store.status) store.status = { ...store.status, locked: true };
}

/** Signed out: the sign-in screen, with the last user name. */
export function signedOut(): void {
  seq++;
  store.lost = false;
  if (store.status) {
    const last = store.status.clerk?.username ?? store.status.last_username;
    store.status = { ...store.status, signed_in: false, locked: false, clerk: null, last_username: last };
  }
}

/** A new idle time (admin setting). */
export function idleMinutesChanged(minutes: number): void {
  if (store.status) store.status = { ...store.status, idle_lock_minutes: minutes };
}

/** Back to the first state (tests). */
export function resetSession(): void {
  seq++;
  store.status = null;
  store.lost = false;
  store.loadError = null;
}
