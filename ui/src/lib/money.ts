// Amounts in whole đồng, written as the backend writes them (money::format_dong): "8.000 đồng".

export function formatDong(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '-' : ''}${grouped} đồng`;
}

/** The short form the report uses: "1.234.000 đ". */
export function formatDongShort(n: number): string {
  return formatDong(n).replace(/ đồng$/, ' đ');
}
