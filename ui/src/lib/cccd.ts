// The QR code on a Vietnamese chip ID card (CCCD / thẻ căn cước), as a USB scanner types it:
//   <12-digit ID>|<old 9-digit CMND or empty>|<full name>|<ddmmyyyy birth>|<sex>|<address>|<ddmmyyyy issued>
// Newer cards may append more fields; only the first seven are read.

export type CccdQr = {
  id_number: string;
  old_id: string;
  full_name: string;
  birth_date: string; // dd/mm/yyyy
  sex: string;
  address: string;
  issued_date: string; // dd/mm/yyyy
};

const ddmmyyyy = (s: string) => `${s.slice(0, 2)}/${s.slice(2, 4)}/${s.slice(4, 8)}`;

/** Parses a complete scan; null while it is still incomplete or not a CCCD QR string. */
export function parseCccdQr(raw: string): CccdQr | null {
  const parts = raw.trim().split('|');
  if (parts.length < 7) return null;
  const [id, old, name, birth, sex, address, issued] = parts.map((p) => p.trim());
  if (!/^\d{12}$/.test(id)) return null;
  if (!/^\d{8}$/.test(birth) || !/^\d{8}$/.test(issued)) return null;
  if (!name) return null;
  return {
    id_number: id,
    old_id: old,
    full_name: name,
    birth_date: ddmmyyyy(birth),
    sex,
    address,
    issued_date: ddmmyyyy(issued),
  };
}
