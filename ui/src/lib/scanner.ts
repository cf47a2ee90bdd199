// The chip ID card's QR code, read by a USB scanner that "types" it as keystrokes into whatever
// has the focus:  `<12-digit ID>|<old ID>|<name>|<ddMMyyyy birth>|<sex>|<address>|<ddMMyyyy issued>`,
// usually followed by Enter.
//
// A window-level key listener (capture phase, so it runs before any field sees the key) tells a
// scan from typing: a separator `|` that arrives at the end of a fast burst of keystrokes (a
// scanner types a key every few milliseconds), or right after 12 digits in a field. From then on
// every key is swallowed (nothing lands in the focused field) until Enter/Tab or a pause; the
// characters of the burst that had already landed are taken back out of the field. The whole
// string then goes to `onscan`, which validates it with the backend (`parse_idcard`).

const SEPARATORS = new Set(['|', '¦', '｜']);
/** Keys a scanner or a clerk may press inside a burst without breaking it. */
const NEUTRAL = new Set(['Shift', 'CapsLock', 'NumLock', 'AltGraph', 'Unidentified', 'Dead']);

export type ScannerOptions = {
  /** Longest pause between two keys of one burst (scanners: a few ms; people: 100 ms and more). */
  gapMs?: number;
  /** Keys a burst needs before the separator to count as a scan. */
  minBurst?: number;
  /** A scan without a final Enter ends after this much silence. */
  endMs?: number;
  /** The complete scanned string, and the element that had the focus when it began. */
  onscan: (text: string, target: Element | null) => void;
};

type TextInput = HTMLInputElement | HTMLTextAreaElement;

function isTextInput(el: Element | null): el is TextInput {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && /^(text|search|tel|email|url|password|)$/.test(el.type);
}

let scanning = false;

/** True while a scan is being captured (and while the landed prefix is taken back out of the
 * field): input handlers use it to ignore what the scanner typed. */
export function scanInProgress(): boolean {
  return scanning;
}

/** Sets a field's value the way typing would, so that `bind:value` follows. */
function setFieldValue(el: TextInput, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export type Scanner = {
  onkeydown: (e: KeyboardEvent) => void;
  dispose: () => void;
};

export function createScanner(opts: ScannerOptions): Scanner {
  const gapMs = opts.gapMs ?? 50;
  const minBurst = opts.minBurst ?? 3;
  const endMs = opts.endMs ?? 150;

  /** The keys typed in quick succession so far (not yet known to be a scan). */
  let burst = { chars: '', lastAt: -Infinity, el: null as TextInput | null, before: '', target: null as Element | null };
  /** The scan being captured. */
  let scan: { text: string; target: Element | null } | null = null;
  let endTimer: ReturnType<typeof setTimeout> | undefined;

  function finish() {
    clearTimeout(endTimer);
    endTimer = undefined;
    const done = scan;
    scan = null;
    scanning = false;
    burst = { chars: '', lastAt: -Infinity, el: null, before: '', target: null };
    if (done) opts.onscan(done.text, done.target);
  }

  function armEnd() {
    clearTimeout(endTimer);
    endTimer = setTimeout(finish, endMs);
  }

  /** Starts capturing at the separator `sep`, taking what already landed back out of the field. */
  function start(sep: string): boolean {
    const active = document.activeElement;
    let prefix: string | null = null;
    let restore: (() => void) | null = null;
    if (burst.chars.length >= minBurst) {
      prefix = burst.chars;
      const { el, before } = burst;
      if (el && el.value !== before) restore = () => setFieldValue(el, before);
    } else if (isTextInput(active)) {
      // Typed slowly (or a scanner slower than gapMs): 12 digits right before the caret.
      const caret = active.selectionStart ?? active.value.length;
      const head = active.value.slice(0, caret);
      const m = /(?:^|\D)(\d{12})$/.exec(head);
      if (m) {
        prefix = m[1];
        const value = head.slice(0, head.length - 12) + active.value.slice(caret);
        restore = () => setFieldValue(active, value);
      }
    }
    if (prefix === null) return false;
    scanning = true;
    scan = { text: prefix + sep, target: burst.target ?? active };
    restore?.();
    armEnd();
    return true;
  }

  function onkeydown(e: KeyboardEvent) {
    if (e.isComposing) return;
    const now = e.timeStamp || performance.now();
    const printable = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !(e.altKey && !e.getModifierState?.('AltGraph'));

    if (scan) {
      if (NEUTRAL.has(e.key)) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.key === 'Enter' || e.key === 'Tab') finish();
      else {
        if (printable) scan.text += e.key;
        armEnd();
      }
      return;
    }

    if (NEUTRAL.has(e.key) || e.repeat) return;
    if (!printable) {
      burst = { chars: '', lastAt: -Infinity, el: null, before: '', target: null };
      return;
    }
    if (now - burst.lastAt > gapMs) {
      const active = document.activeElement;
      const el = isTextInput(active) ? active : null;
      burst = { chars: '', lastAt: now, el, before: el?.value ?? '', target: active };
    }
    burst.lastAt = now;
    if (SEPARATORS.has(e.key) && start(e.key)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    burst.chars += e.key;
  }

  return {
    onkeydown,
    dispose() {
      clearTimeout(endTimer);
      scan = null;
      scanning = false;
    },
  };
}

/** Listens on `win` (capture phase) until the returned function is called. */
export function attachScanner(win: Window, opts: ScannerOptions): () => void {
  const s = createScanner(opts);
  win.addEventListener('keydown', s.onkeydown, true);
  return () => {
    win.removeEventListener('keydown', s.onkeydown, true);
    s.dispose();
  };
}
