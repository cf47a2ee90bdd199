import { t } from './i18n.svelte';

/** Label of a delivery option ("counter" | "post" | "online"); unknown values shown as sent. */
export function deliveryLabel(v: string): string {
  const key = `ui.delivery.${v}`;
  const s = t(key);
  return s === key ? v : s;
}

export function printKindLabel(v: string): string {
  const key = `ui.print_kind.${v}`;
  const s = t(key);
  return s === key ? v : s;
}
