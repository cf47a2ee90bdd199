// The desk's sync status, shared by the header, the status bar and the sync screen: refreshed
// every few seconds (App starts the timer), after every saved change (`notifyChanged`) and by
// "Đồng bộ cuối ngày" (`runSyncNow`).

import { api, toApiError } from './api';
import type { SyncStatus } from './types';

type SyncState = {
  status: SyncStatus | null;
  /** The status itself could not be read (the backend's message). */
  loadError: string | null;
  running: boolean;
  /** The outcome of the last "Đồng bộ cuối ngày" (the status it returned), until the next one. */
  lastRun: SyncStatus | null;
  /** "Đồng bộ cuối ngày" failed outright (not a sync error: those are in `lastRun`). */
  runError: string | null;
  /** Results ready to hand out (the "Chờ trả" button's count); null until known. */
  waiting: number | null;
};

const store = $state<SyncState>({
  status: null,
  loadError: null,
  running: false,
  lastRun: null,
  runError: null,
  waiting: null,
});
let seq = 0;

export function syncState(): SyncState {
  return store;
}

/** Counts the results ready to hand out (a desk not set up yet has none to count). */
async function refreshWaiting(): Promise<void> {
  try {
    // Polled every few seconds: a passive command, so the idle lock still fires.
    store.waiting = await api().resultReadyCount();
  } catch {
    store.waiting = null;
  }
}

/** Reads the status again (and the "Chờ trả" count); a newer call wins over an older one. */
export async function refreshSync(): Promise<void> {
  const mine = ++seq;
  void refreshWaiting();
  try {
    const s = await api().syncStatus();
    if (mine !== seq) return;
    store.status = s;
    store.loadError = null;
  } catch (e) {
    if (mine === seq) store.loadError = toApiError(e).message;
  }
}

/** "Đồng bộ cuối ngày": one sync run now. */
export async function runSyncNow(): Promise<void> {
  if (store.running) return;
  store.running = true;
  store.runError = null;
  try {
    const s = await api().syncNow();
    seq++; // an older refresh must not overwrite this
    store.status = s;
    store.lastRun = s;
    store.loadError = null;
  } catch (e) {
    store.runError = toApiError(e).message;
    store.lastRun = null;
  } finally {
    store.running = false;
  }
}

/** Call after every saved change (intake, move, hand-out, extension): the pending count grows. */
export function notifyChanged(): void {
  void refreshSync();
}

/** Puts the store back to its first state (tests). */
export function resetSync(): void {
  seq++;
  store.status = null;
  store.loadError = null;
  store.running = false;
  store.lastRun = null;
  store.runError = null;
  store.waiting = null;
}

/** i64 counters arrive as JSON numbers (ts-rs types them as bigint). */
export function count(n: bigint | number | null | undefined): number {
  return n == null ? 0 : Number(n);
}
