// Seeding helpers shared by the component tests (not shipped: only *.test.ts import it).
import { createFakeApi, type FakeApi } from './fake-api';
import type { IntakeInput } from './types';

/** Wednesday 4 March 2026, 09:00 in Vietnam. */
export const NOW = new Date('2026-03-04T02:00:00Z');
export const UNIT = '000.00.31.H29';

export function intake(name: string, id: string, at: string | null = null, phone = ''): IntakeInput {
  return {
    procedure_code: '2.000884',
    received_at: at,
    submitter: { full_name: name, id_number: id, phone, email: '', address: '' },
    owner: null,
    documents: [{ name: 'Giấy tờ, văn bản mà mình sẽ ký', original: 1, certified: 0, photocopy: 0 }],
    sets_count: 1,
    delivery: 'counter',
  };
}

/** A set-up fake on a clock that tests may move (`clock.now = …`). */
export function fakeAt(now = NOW): { fake: FakeApi; clock: { now: Date } } {
  const clock = { now };
  const fake = createFakeApi({ initialized: true, now: () => clock.now });
  return { fake, clock };
}
