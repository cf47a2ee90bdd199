import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from './idle';

describe('watchIdle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once after the idle time; keyboard or mouse activity starts the count again', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const w = watchIdle({ timeoutMs: () => 10 * 60_000, onIdle, target, checkEveryMs: 1000 });
    vi.advanceTimersByTime(9 * 60_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(9 * 60_000);
    target.dispatchEvent(new Event('mousemove'));
    vi.advanceTimersByTime(9 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(61_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    // Activity re-arms it.
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(10 * 60_000 + 1000);
    expect(onIdle).toHaveBeenCalledTimes(2);
    w.stop();
  });

  it('reads a changed setting at once, and stops listening when stopped', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    let minutes = 10;
    const w = watchIdle({ timeoutMs: () => minutes * 60_000, onIdle, target, checkEveryMs: 1000 });
    vi.advanceTimersByTime(3 * 60_000);
    minutes = 2;
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    w.stop();
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(60 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
