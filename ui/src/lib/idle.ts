// Idle lock: after `timeoutMs` without keyboard, mouse or touch activity, `onIdle` runs once (the
// UI then calls `lock_session` and shows the lock screen). Activity starts the count again.

export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;

export type IdleWatch = {
  /** Stops listening (and the timer). */
  stop(): void;
  /** Counts as activity (e.g. just signed in). */
  touch(): void;
};

export function watchIdle(opts: {
  /** Read on every check, so a new setting applies at once. */
  timeoutMs: () => number;
  onIdle: () => void;
  target?: EventTarget;
  /** How often the time since the last activity is checked. */
  checkEveryMs?: number;
  now?: () => number;
}): IdleWatch {
  const now = opts.now ?? (() => Date.now());
  const target = opts.target ?? window;
  let last = now();
  let fired = false;
  const touch = () => {
    last = now();
    fired = false;
  };
  for (const ev of ACTIVITY_EVENTS) target.addEventListener(ev, touch, { capture: true, passive: true });
  const every = opts.checkEveryMs ?? Math.max(50, Math.min(5000, Math.floor(opts.timeoutMs() / 4)));
  const timer = setInterval(() => {
    if (!fired && now() - last >= opts.timeoutMs()) {
      fired = true;
      opts.onIdle();
    }
  }, every);
  return {
    stop() {
      clearInterval(timer);
      for (const ev of ACTIVITY_EVENTS) target.removeEventListener(ev, touch, { capture: true });
    },
    touch,
  };
}
