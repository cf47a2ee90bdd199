// Timestamps cross IPC as RFC 3339 UTC strings; clerks read them in Vietnam time (UTC+7, no DST).

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Parses an RFC 3339 instant; null when absent or unparseable. */
export function parseInstant(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "HH:mm dd/MM/yyyy" in Vietnam time; `fallback` for null/invalid input. */
export function formatVnTime(iso: string | null | undefined, fallback = '—'): string {
  const d = parseInstant(iso);
  if (!d) return fallback;
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return (
    `${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())} ` +
    `${pad2(v.getUTCDate())}/${pad2(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`
  );
}

/** "yyyy-MM-dd" of the Vietnam calendar day the instant falls on. */
export function vnDateKey(d: Date): string {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
}
