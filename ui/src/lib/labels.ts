import { formatDong } from './money';
import { t } from './i18n.svelte';
import type { DossierView } from './types';

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

/** Label of `DossierView.outcome` ('accepted' | 'supplement' | 'refused' | 'assisted-online'). */
export function outcomeLabel(v: string): string {
  const key = `ui.outcome.${v}`;
  const s = t(key);
  return s === key ? v : s;
}

/** "Đã thu 4.000 đồng · Biên lai ký hiệu BLP-26, số 0000001 (…)" and the like. */
export function feeStateText(v: Pick<DossierView, 'fee_state' | 'fee_amount' | 'fee_receipt'>): string {
  const key = `ui.fee_state.${v.fee_state}`;
  let s = t(key, { amount: formatDong(v.fee_amount) });
  if (s === key) s = v.fee_state;
  const r = v.fee_receipt;
  if (r) {
    const number = String(r.number).padStart(7, '0');
    s += ` · ${t('ui.fee_receipt.number', { series: r.series, number })} (${t(`ui.fee_receipt.${r.e_receipt_state}`)})`;
  }
  return s;
}
