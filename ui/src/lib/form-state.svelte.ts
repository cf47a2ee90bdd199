// The error and saving state a form of the first run shares (manual setup, enrolment): the
// backend's error goes next to the field it names (or on top when it names none the form shows),
// typing in that field clears it, and a failed save focuses the field.

import { tick } from 'svelte';
import { ApiError, toApiError } from './api';
import { t } from './i18n.svelte';
import { fieldSelector } from './keys';

export class FormState {
  error = $state<ApiError | null>(null);
  saving = $state(false);

  /** `fields`: the fields the form shows; `root`: the form's element (for focusing). */
  constructor(
    private readonly fields: () => string[],
    private readonly root: () => HTMLElement | undefined,
  ) {}

  /** An error for no field on the form: shown as a banner. */
  get topError(): ApiError | null {
    const e = this.error;
    return e && !(e.field && this.fields().includes(e.field)) ? e : null;
  }

  /** Editing the field an error points at clears that error. */
  oninput = (e: Event) => {
    const f = (e.target as HTMLElement | null)?.dataset?.field;
    if (f && this.error?.field === f) this.error = null;
  };

  /** Runs `save` once at a time; `confirm` (password, its repetition) is checked first. */
  async submit(confirm: [string, string] | null, save: () => Promise<void>): Promise<void> {
    if (this.saving) return;
    this.error = null;
    if (confirm && confirm[0] !== confirm[1]) {
      await this.fail(new ApiError('password_mismatch', t('ui.auth.password_mismatch'), 'password_confirm'));
      return;
    }
    this.saving = true;
    try {
      await save();
    } catch (err) {
      await this.fail(toApiError(err));
    } finally {
      this.saving = false;
    }
  }

  private async fail(e: ApiError) {
    this.error = e;
    await tick();
    if (e.field) this.root()?.querySelector<HTMLInputElement>(fieldSelector(e.field))?.focus();
  }
}

/** The fields of the first (admin) account, as `AccountFields` shows them. */
export const ACCOUNT_FIELDS = ['username', 'password', 'password_confirm'];
