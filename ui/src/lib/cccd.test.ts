import { describe, expect, it } from 'vitest';
import { parseCccdQr } from './cccd';

const SCAN = '001099012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội|15082021';

describe('parseCccdQr', () => {
  it('reads a complete scan', () => {
    expect(parseCccdQr(SCAN)).toEqual({
      id_number: '001099012345',
      old_id: '123456789',
      full_name: 'Nguyễn Văn An',
      birth_date: '01/01/1990',
      sex: 'Nam',
      address: 'Số 1 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội',
      issued_date: '15/08/2021',
    });
  });

  it('waits for the scan to finish (partial issue date)', () => {
    expect(parseCccdQr(SCAN.slice(0, -3))).toBeNull();
    expect(parseCccdQr(SCAN.split('|').slice(0, 5).join('|'))).toBeNull();
  });

  it('rejects text that is not a card QR', () => {
    expect(parseCccdQr('Nguyễn Văn An')).toBeNull();
    expect(parseCccdQr('12345|x|Tên|01011990|Nam|Địa chỉ|15082021')).toBeNull();
  });

  it('accepts cards with extra trailing fields and an empty old ID', () => {
    const r = parseCccdQr('001099012345||Trần Thị Bình|02021985|Nữ|Xã Định Mỹ, An Giang|01072024|extra');
    expect(r?.full_name).toBe('Trần Thị Bình');
    expect(r?.old_id).toBe('');
  });
});
