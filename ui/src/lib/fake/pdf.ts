// The fake's forms: tiny real PDFs (ASCII text, Helvetica) that name the form and the dossier. They
// stand in for crates/documents in the browser preview and the tests; no rule of a form is here.

import type { DossierView, FormKind, UnitSettings } from '../types';
import { formatVnTime } from '../time';

/** Builds a small, valid PDF with one page per entry of `pages`. */
export function buildPdf(pages: string[][]): Uint8Array {
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  const kids: string[] = [];
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  for (const lines of pages) {
    const id = objects.length;
    const stream = ['BT', '/F1 11 Tf', '14 TL', '36 560 Td', ...lines.map((l) => `(${esc(l)}) Tj T*`), 'ET'].join('\n');
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    kids.push(`${id} 0 R`);
  }
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = out.length;
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const TITLES: Record<FormKind, string> = {
  receipt: 'GIAY TIEP NHAN HO SO VA HEN TRA KET QUA',
  'supplement-request': 'PHIEU YEU CAU BO SUNG, HOAN THIEN HO SO',
  refusal: 'PHIEU TU CHOI TIEP NHAN GIAI QUYET HO SO',
  handover: 'BIEN NHAN TRA KET QUA GIAI QUYET HO SO',
  apology: 'VAN BAN XIN LOI VA DE NGHI GIA HAN THOI GIAN GIAI QUYET',
  stop: 'THONG BAO DUNG GIAI QUYET HO SO',
  'control-sheet': 'PHIEU KIEM SOAT QUA TRINH GIAI QUYET HO SO',
  'fee-receipt': 'BIEN LAI THU PHI, LE PHI',
};

/** A stand-in form: its title, the dossier's code and unit, and the history (receipt: two copies). */
export function formPdf(kind: FormKind, d: DossierView, unit: UnitSettings): Uint8Array {
  const page = (copy: string) => [
    `${TITLES[kind] ?? kind} (demo)`,
    copy,
    `Ma ho so: ${d.summary.code}`,
    `Don vi: ${unit.code}`,
    `Thu tuc: ${d.summary.procedure_code}`,
    `Hen tra: ${formatVnTime(d.summary.due_at)}`,
    ...d.events.map((e) => `${formatVnTime(e.at)} ${e.kind}`),
  ];
  return buildPdf(kind === 'receipt' ? [page('Lien 1: Luu'), page('Lien 2: Giao khach hang')] : [page('')]);
}
