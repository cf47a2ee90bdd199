import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setApi } from '../lib/api';
import { createFakeApi } from '../lib/fake-api';
import type { ProcedureSummary } from '../lib/types';
import ProcedurePicker from './ProcedurePicker.svelte';

function setup() {
  const fake = createFakeApi({ initialized: true });
  setApi(fake);
  const onpick = vi.fn<(p: ProcedureSummary) => void>();
  render(ProcedurePicker, { props: { onpick, debounceMs: 0 } });
  const input = screen.getByTestId('proc-search') as HTMLInputElement;
  return { fake, onpick, input, user: userEvent.setup() };
}

const activeCode = () =>
  document.querySelector('[role="option"][aria-selected="true"]')?.getAttribute('data-testid');

describe('ProcedurePicker', () => {
  it('lists matches typed without diacritics and moves with ↑/↓, Enter picks', async () => {
    const { onpick, input, user, fake } = setup();
    await user.click(input);
    await user.type(input, 'chung thuc');
    await screen.findByTestId('proc-option-2.000884');
    expect(fake.state.calls.at(-1)).toEqual({ name: 'searchProcedures', args: ['chung thuc'] });
    expect(screen.getAllByRole('option')).toHaveLength(2);
    expect(activeCode()).toBe('proc-option-2.000815');
    expect(input.getAttribute('aria-activedescendant')).toBe('proc-opt-0');

    await user.keyboard('{ArrowDown}');
    expect(activeCode()).toBe('proc-option-2.000884');
    expect(input.getAttribute('aria-activedescendant')).toBe('proc-opt-1');
    await user.keyboard('{ArrowDown}'); // wraps to the top
    expect(activeCode()).toBe('proc-option-2.000815');
    await user.keyboard('{ArrowUp}'); // wraps to the bottom
    expect(activeCode()).toBe('proc-option-2.000884');

    await user.keyboard('{Enter}');
    expect(onpick).toHaveBeenCalledTimes(1);
    expect(onpick.mock.calls[0][0].code).toBe('2.000884');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.value).toBe('Chứng thực chữ ký trong các giấy tờ, văn bản');
  });

  it('Escape closes the list without picking', async () => {
    const { onpick, input, user } = setup();
    await user.click(input);
    await user.type(input, 'ho tich');
    await screen.findByRole('listbox');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(onpick).not.toHaveBeenCalled();
    // ArrowDown re-opens it.
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('listbox');
  });

  it('says so when nothing matches', async () => {
    const { input, user } = setup();
    await user.click(input);
    await user.type(input, 'xyz khong co');
    await screen.findByTestId('proc-no-results');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });

  it('picks with the mouse too', async () => {
    const { onpick, input, user } = setup();
    await user.click(input);
    await user.type(input, 'khai');
    const opt = await screen.findByTestId('proc-option-1.000656');
    await user.click(opt);
    await waitFor(() => expect(onpick).toHaveBeenCalled());
    expect(onpick.mock.calls[0][0].name).toBe('Đăng ký khai tử');
  });
});

describe('ProcedurePicker with a debounce', () => {
  it('Enter typed before the debounce fires picks from the results of the full text', async () => {
    const fake = createFakeApi({ initialized: true });
    setApi(fake);
    const onpick = vi.fn<(p: ProcedureSummary) => void>();
    render(ProcedurePicker, { props: { onpick, debounceMs: 10_000 } });
    const input = screen.getByTestId('proc-search') as HTMLInputElement;
    const user = userEvent.setup();
    await user.click(input);
    await user.type(input, 'chung thuc chu ky{Enter}');
    await waitFor(() => expect(onpick).toHaveBeenCalledTimes(1));
    expect(onpick.mock.calls[0][0].code).toBe('2.000884');
    expect(fake.state.calls.filter((c) => c.name === 'searchProcedures').map((c) => c.args[0])).toEqual([
      'chung thuc chu ky',
    ]);
  });
});
