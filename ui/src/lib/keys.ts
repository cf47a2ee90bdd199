// Keyboard shortcuts. `code` (physical key) is checked as well as `key` so that shortcuts keep
// working under Vietnamese input methods (Unikey/ibus) and non-US layouts.

export function isAlt(e: KeyboardEvent, letterOrDigit: string): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey) return false;
  const k = letterOrDigit.toUpperCase();
  const code = /\d/.test(k) ? [`Digit${k}`, `Numpad${k}`] : [`Key${k}`];
  return code.includes(e.code) || e.key.toUpperCase() === k;
}

export function isCtrlEnter(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && (e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter');
}

/** `[data-field="…"]` selector for an input path (CSS.escape is not everywhere, e.g. jsdom). */
export function fieldSelector(field: string): string {
  return `[data-field="${field.replace(/["\\]/g, '\\$&')}"]`;
}
