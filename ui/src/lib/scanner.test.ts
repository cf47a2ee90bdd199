import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScanner, scanInProgress, type Scanner } from './scanner';

const CARD = '001090012345|123456789|Nguyễn Văn An|17051990|Nam|Hà Nội|01072021';

/** Presses keys into `el` at the given times; a key that is not prevented lands in the field. */
function keyboard(scanner: Scanner, el: HTMLInputElement, keys: string[], start: number, stepMs: number) {
  let prevented = 0;
  keys.forEach((key, i) => {
    let stop = false;
    const e = {
      key,
      timeStamp: start + i * stepMs,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      repeat: false,
      isComposing: false,
      getModifierState: () => false,
      preventDefault: () => {
        stop = true;
      },
      stopPropagation: () => {},
    } as unknown as KeyboardEvent;
    scanner.onkeydown(e);
    if (stop) prevented++;
    else if (key.length === 1) el.value += key;
  });
  return prevented;
}

describe('scanner', () => {
  let input: HTMLInputElement;
  const setup = () => {
    input = document.createElement('input');
    document.body.append(input);
    input.focus();
  };
  afterEach(() => {
    input?.remove();
    vi.useRealTimers();
  });

  it('captures a fast burst from its separator on, takes back what landed, and ends at Enter', () => {
    setup();
    input.value = 'Trần';
    const onscan = vi.fn();
    const s = createScanner({ gapMs: 50, onscan });
    const inputs: string[] = [];
    input.addEventListener('input', () => inputs.push(`${input.value}:${scanInProgress()}`));
    const prevented = keyboard(s, input, [...CARD, 'Enter'], 10_000, 4);
    expect(onscan).toHaveBeenCalledWith(CARD, input);
    expect(input.value).toBe('Trần');
    // Only the 12 digits landed (and were taken back while the scan was flagged).
    expect(prevented).toBe([...CARD].length - 12 + 1);
    expect(inputs).toEqual(['Trần:true']);
    expect(scanInProgress()).toBe(false);
    s.dispose();
  });

  it('leaves slow typing alone, even with a separator in it', () => {
    setup();
    const onscan = vi.fn();
    const s = createScanner({ gapMs: 50, onscan });
    const prevented = keyboard(s, input, [...'abc|def'], 0, 180);
    expect(prevented).toBe(0);
    expect(input.value).toBe('abc|def');
    expect(onscan).not.toHaveBeenCalled();
    s.dispose();
  });

  it('treats 12 digits right before a separator as a scan even when typed slowly', () => {
    setup();
    input.value = 'x ';
    const onscan = vi.fn();
    const s = createScanner({ gapMs: 50, onscan });
    keyboard(s, input, [...'001090012345|a|b', 'Enter'], 0, 120);
    expect(onscan).toHaveBeenCalledWith('001090012345|a|b', input);
    expect(input.value).toBe('x ');
    s.dispose();
  });

  it('ends a scan without Enter after a pause', () => {
    vi.useFakeTimers();
    setup();
    const onscan = vi.fn();
    const s = createScanner({ gapMs: 50, endMs: 150, onscan });
    keyboard(s, input, [...CARD], 0, 3);
    expect(onscan).not.toHaveBeenCalled();
    vi.advanceTimersByTime(160);
    expect(onscan).toHaveBeenCalledWith(CARD, input);
    s.dispose();
  });
});
