import { describe, expect, it, vi } from 'vitest';
import { api, ApiError, createTauriApi, onSessionLost, rawApi, setApi, toApiError, toBytes, type InvokeFn } from './api';
import { createFakeApi, DEMO_PASSWORD } from './fake-api';
import type { RegisterQuery } from './types';

describe('toApiError', () => {
  it('keeps code, message and field of a structured rejection', () => {
    const e = toApiError({ code: 'required', message: 'Chưa nhập họ và tên người nộp hồ sơ.', field: 'full_name' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('required');
    expect(e.message).toBe('Chưa nhập họ và tên người nộp hồ sơ.');
    expect(e.field).toBe('full_name');
  });

  it('treats a null or empty field as no field', () => {
    expect(toApiError({ code: 'db', message: 'x', field: null }).field).toBeUndefined();
    expect(toApiError({ code: 'db', message: 'x', field: '' }).field).toBeUndefined();
    expect(toApiError({ code: 'db', message: 'x' }).field).toBeUndefined();
  });

  it('maps serde-style paths onto the flat field names of the backend', () => {
    const f = (field: string) => toApiError({ code: 'x', message: 'm', field }).field;
    expect(f('input.unit.code')).toBe('unit_code');
    expect(f('unit.name')).toBe('unit_name');
    expect(f('unit.lookup_url')).toBe('lookup_url');
    expect(f('submitter.full_name')).toBe('full_name');
    expect(f('owner.id_number')).toBe('owner_id_number');
    expect(f('owner_phone')).toBe('owner_phone');
    expect(f('sets_count')).toBe('sets_count');
    expect(f('input.fee.copies')).toBe('fee_copies');
    expect(f('exempt_reason')).toBe('fee_exempt_reason');
    expect(f('fee_pages')).toBe('fee_pages');
    expect(f('fee.collect_at')).toBe('fee_collect');
    expect(f('fee_collect')).toBe('fee_collect');
    expect(f('missing[2].name')).toBe('missing.2.name');
    expect(f('input.refusal_reason')).toBe('refusal_reason');
  });

  it('maps a bare string rejection (missing command, panic) to code "ipc"', () => {
    const e = toApiError('command save_intake not found');
    expect(e.code).toBe('ipc');
    expect(e.message).toBe('command save_intake not found');
  });

  it('maps thrown Errors and odd values', () => {
    expect(toApiError(new TypeError('boom'))).toMatchObject({ code: 'ipc', message: 'boom' });
    expect(toApiError({ message: 'only a message' })).toMatchObject({ code: 'unknown', message: 'only a message' });
    expect(toApiError(42)).toMatchObject({ code: 'unknown', message: '42' });
    const same = new ApiError('x', 'y');
    expect(toApiError(same)).toBe(same);
  });
});

describe('createTauriApi', () => {
  it('sends the Tauri command names with camelCase argument keys', async () => {
    const invoke = vi.fn<InvokeFn>(async () => null);
    const client = createTauriApi(invoke);
    await client.previewDue('2.000815', null);
    await client.listDossiers('nguyen', true);
    await client.setup({
      unit: { code: 'c', name: 'n', parent_authority: 'p', place: 'pl', lookup_url: '', hotline: '' },
      desk_name: 'd',
      clerk_name: 'k',
      load_demo_catalogue: true,
      username: 'admin',
      password: 'matkhau-123',
    });
    await client.setLocale('en');
    await client.appStatus();
    expect(invoke.mock.calls[0]).toEqual(['preview_due', { procedureCode: '2.000815', receivedAt: null }]);
    expect(invoke.mock.calls[1]).toEqual(['list_dossiers', { query: 'nguyen', todayOnly: true }]);
    expect(invoke.mock.calls[2][0]).toBe('setup');
    expect(invoke.mock.calls[2][1]).toHaveProperty('input.unit.code', 'c');
    expect(invoke.mock.calls[3]).toEqual(['set_locale', { locale: 'en' }]);
    expect(invoke.mock.calls[4]).toEqual(['app_status', undefined]);
  });

  it('turns a rejected invoke into a typed ApiError', async () => {
    const invoke: InvokeFn = async () => {
      throw { code: 'invalid_phone', message: 'Số điện thoại không hợp lệ.', field: 'phone' };
    };
    const client = createTauriApi(invoke);
    const err = await client.saveIntake({} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_phone', message: 'Số điện thoại không hợp lệ.', field: 'phone' });
  });

  it('returns receipt bytes whether they come as ArrayBuffer or number[]', async () => {
    const pdf = [0x25, 0x50, 0x44, 0x46];
    const asBuffer = createTauriApi(async () => new Uint8Array(pdf).buffer);
    const asArray = createTauriApi(async () => pdf);
    expect(Array.from(await asBuffer.formPdf('receipt', 'X'))).toEqual(pdf);
    expect(Array.from(await asArray.formPdf('refusal', 'X'))).toEqual(pdf);
    await expect(createTauriApi(async () => 'nope').formPdf('receipt', 'X')).rejects.toMatchObject({ code: 'ipc' });
  });

  it('sends the new commands (fees, applicants, ID card, forms) with camelCase keys', async () => {
    const invoke = vi.fn<InvokeFn>(async () => null);
    const client = createTauriApi(invoke);
    const fee = { copies: 2, pages: 3, exempt_reason: null, collect_at: 'intake' as const, method: 'cash' as const };
    await client.previewFee('2.000815', fee);
    await client.searchApplicants('nguyen');
    await client.openDossiers('001090012345', '2.000815');
    await client.parseIdcard('001090012345|...');
    await client.saveForm('supplement-request', 'C');
    await client.printForm('fee-receipt', 'C');
    expect(invoke.mock.calls).toEqual([
      ['preview_fee', { procedureCode: '2.000815', fee }],
      ['search_applicants', { query: 'nguyen' }],
      ['open_dossiers', { idNumber: '001090012345', procedureCode: '2.000815' }],
      ['parse_idcard', { text: '001090012345|...' }],
      ['save_form', { kind: 'supplement-request', code: 'C' }],
      ['print_form', { kind: 'fee-receipt', code: 'C' }],
    ]);
  });

  it('sends the sync, register, lifecycle and report commands as src-tauri names them', async () => {
    const invoke = vi.fn<InvokeFn>(async () => null);
    const client = createTauriApi(invoke);
    const query: RegisterQuery = { query: 'dang', filters: ['result-ready'], sort: 'due', offset: 50, limit: 50 };
    await client.syncStatus();
    await client.syncNow();
    await client.syncProblems();
    await client.enroll('http://127.0.0.1:8080', 'ABCD-1234', null);
    await client.searchRegister(query);
    await client.resultReadyCount();
    await client.moveDossier('C', 'withdrawn', 'Lý do');
    await client.handOut('C', { fullName: 'A', idNumber: '001099012345', isProxy: false, authorisation: 'x' });
    await client.handOut('C', { fullName: 'A', idNumber: '001099012345', isProxy: true, authorisation: 'UQ 1' });
    await client.extendDue('C', '2026-03-06T17:00:00+07:00', 'R');
    await client.dayReport('2026-03-04');
    await client.saveDayReport('2026-03-04', 'xlsx');
    expect(invoke.mock.calls).toEqual([
      ['sync_status', undefined],
      ['sync_now', undefined],
      ['sync_problems', undefined],
      ['enroll', { portalUrl: 'http://127.0.0.1:8080', code: 'ABCD-1234', clerkName: null, username: null, password: null }],
      ['search_register', { query }],
      ['result_ready_count', undefined],
      ['move_dossier', { code: 'C', to: 'withdrawn', reason: 'Lý do' }],
      ['hand_out', { code: 'C', fullName: 'A', idNumber: '001099012345', isProxy: false, authorisation: null }],
      ['hand_out', { code: 'C', fullName: 'A', idNumber: '001099012345', isProxy: true, authorisation: 'UQ 1' }],
      ['extend_due', { code: 'C', dueAt: '2026-03-06T17:00:00+07:00', reason: 'R' }],
      ['day_report', { date: '2026-03-04' }],
      ['save_day_report', { date: '2026-03-04', format: 'xlsx' }],
    ]);
  });
});

describe('createTauriApi: accounts and session', () => {
  it('sends the session and account commands of the contract with camelCase keys', async () => {
    const invoke = vi.fn<InvokeFn>(async () => null);
    const client = createTauriApi(invoke);
    const input = { username: 'mai', full_name: 'Trần Thị Mai', role: 'clerk' as const, password: 'matkhau-123' };
    await client.sessionStatus();
    await client.signIn('mai', 'pw');
    await client.signOut();
    await client.lockSession();
    await client.unlockSession('pw');
    await client.listAccounts();
    await client.createAccount(input);
    await client.resetPassword('CB002', 'moi-12345');
    await client.changePassword('cu', 'moi-12345');
    await client.setAccountActive('CB002', false);
    await client.setIdleLockMinutes(15);
    await client.enroll('http://127.0.0.1:8080', 'ABCD-1234', 'Hà Văn Minh', { username: 'minh', password: 'mat-khau-dai' });
    expect(invoke.mock.calls).toEqual([
      ['session_status', undefined],
      ['sign_in', { username: 'mai', password: 'pw' }],
      ['sign_out', undefined],
      ['lock_session', undefined],
      ['unlock_session', { password: 'pw' }],
      ['list_accounts', undefined],
      ['create_account', { input }],
      ['reset_password', { clerkId: 'CB002', newPassword: 'moi-12345' }],
      ['change_password', { oldPassword: 'cu', newPassword: 'moi-12345' }],
      ['set_account_active', { clerkId: 'CB002', active: false }],
      ['set_idle_lock_minutes', { minutes: 15 }],
      [
        'enroll',
        { portalUrl: 'http://127.0.0.1:8080', code: 'ABCD-1234', clerkName: 'Hà Văn Minh', username: 'minh', password: 'mat-khau-dai' },
      ],
    ]);
  });
});

describe('toBytes', () => {
  it('keeps views over part of a buffer', () => {
    const buf = new Uint8Array([9, 1, 2, 3, 9]);
    expect(Array.from(toBytes(new DataView(buf.buffer, 1, 3)))).toEqual([1, 2, 3]);
  });
});

describe('setApi', () => {
  it('swaps the implementation that api() returns', async () => {
    const fake = createFakeApi({ initialized: true });
    setApi(fake);
    expect(rawApi()).toBe(fake);
    expect((await api().appStatus()).initialized).toBe(true);
    expect(fake.state.calls.map((c) => c.name)).toEqual(['appStatus']);
    setApi(null);
    expect(rawApi()).not.toBe(fake);
  });
});

describe('the session guard of api()', () => {
  it('tells the listener when any command answers session_locked or not_signed_in, and still rejects', async () => {
    const fake = createFakeApi({ initialized: true, signedIn: null });
    setApi(fake);
    const seen: string[] = [];
    onSessionLost((code) => seen.push(code));
    try {
      await expect(api().searchProcedures('')).rejects.toMatchObject({ code: 'not_signed_in' });
      expect(seen).toEqual(['not_signed_in']);
      await api().signIn('mai', DEMO_PASSWORD);
      await api().lockSession();
      await expect(api().getDossier('X')).rejects.toMatchObject({ code: 'session_locked' });
      expect(seen).toEqual(['not_signed_in', 'session_locked']);
      // Other errors are not session errors.
      await expect(api().unlockSession('sai-mat-khau')).rejects.toMatchObject({ code: 'bad_credentials' });
      await api().unlockSession(DEMO_PASSWORD);
      await expect(api().getDossier('X')).rejects.toMatchObject({ code: 'not_found' });
      expect(seen).toEqual(['not_signed_in', 'session_locked']);
    } finally {
      onSessionLost(null);
    }
  });

  it('uses a method replaced on the fake after setApi', async () => {
    const fake = createFakeApi({ initialized: true });
    setApi(fake);
    fake.syncNow = async () => {
      throw new ApiError('session_locked', 'khóa');
    };
    const seen: string[] = [];
    onSessionLost((code) => seen.push(code));
    try {
      await expect(api().syncNow()).rejects.toMatchObject({ code: 'session_locked', message: 'khóa' });
      expect(seen).toEqual(['session_locked']);
    } finally {
      onSessionLost(null);
    }
  });
});
