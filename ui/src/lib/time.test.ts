import { describe, expect, it } from 'vitest';
import { formatVnTime, vnDateKey } from './time';

describe('formatVnTime', () => {
  it('shifts UTC to UTC+7', () => {
    expect(formatVnTime('2026-03-05T01:30:00Z')).toBe('08:30 05/03/2026');
  });

  it('crosses midnight into the next Vietnamese day', () => {
    expect(formatVnTime('2026-12-31T17:05:00Z')).toBe('00:05 01/01/2027');
    expect(formatVnTime('2026-12-31T16:59:00Z')).toBe('23:59 31/12/2026');
  });

  it('honours an explicit offset in the input', () => {
    expect(formatVnTime('2026-02-05T08:00:00+07:00')).toBe('08:00 05/02/2026');
    expect(formatVnTime('2026-02-05T10:15:30.123+09:00')).toBe('08:15 05/02/2026');
  });

  it('does not depend on the machine time zone', () => {
    // Date#getHours would give a different answer on a machine outside UTC+7.
    expect(formatVnTime('2025-07-01T00:00:00Z')).toBe('07:00 01/07/2025');
  });

  it('returns the fallback for null or garbage', () => {
    expect(formatVnTime(null)).toBe('—');
    expect(formatVnTime(undefined, '')).toBe('');
    expect(formatVnTime('not a date', '?')).toBe('?');
  });
});

describe('vnDateKey', () => {
  it('uses the Vietnamese calendar day', () => {
    expect(vnDateKey(new Date('2026-04-29T18:00:00Z'))).toBe('2026-04-30');
    expect(vnDateKey(new Date('2026-04-29T16:00:00Z'))).toBe('2026-04-29');
  });
});
