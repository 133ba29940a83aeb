/** Verifies a whole log in the browser, with progress, and a cancel that stops it between pages. */
import { field, h } from '../dom.ts';
import type { Session } from '../session.ts';
import { pinnedVkeys } from '../store.ts';
import { verifyWholeLog } from '../verify/log.ts';

export async function wholeLogPanel(session: Session): Promise<HTMLElement> {
  const { checkpoints } = await session.api.ok<{ checkpoints: Array<{ origin: string }> }>(
    'GET',
    '/v1/audit/checkpoints',
  );
  const origin = h('select', { name: 'origin' }, ...checkpoints.map((c) => h('option', { value: c.origin }, c.origin)));
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Verification progress' });
  const status = h('p', { role: 'status', 'data-testid': 'log-verify-status' }, '');
  const start = h('button', { type: 'button' }, 'Verify the whole log');
  const cancel = h('button', { type: 'button', disabled: true }, 'Cancel verification');
  let controller: AbortController | undefined;
  start.addEventListener('click', () => {
    controller = new AbortController();
    start.disabled = true;
    cancel.disabled = false;
    void run(session, origin.value, progress, status, controller.signal).finally(() => {
      start.disabled = false;
      cancel.disabled = true;
    });
  });
  cancel.addEventListener('click', () => controller?.abort());
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'whole-h' },
    h('h2', { id: 'whole-h' }, 'Verify a whole log'),
    field('Log', origin),
    start,
    cancel,
    progress,
    status,
  );
}

async function run(session: Session, origin: string, bar: HTMLProgressElement, status: Element, signal: AbortSignal) {
  const pinned = await pinnedVkeys();
  try {
    const { size } = await verifyWholeLog(
      session.api,
      origin,
      pinned,
      (done, total) => {
        bar.max = Math.max(1, total);
        bar.value = done;
        status.textContent = `Checked ${done} of ${total} entries…`;
      },
      signal,
    );
    status.textContent = `Verified: all ${size} entries hash to the signed checkpoint, which extends the one this browser saw before.`;
  } catch (error) {
    status.textContent = signal.aborted
      ? 'Cancelled: nothing was concluded.'
      : `Not verified: ${(error as Error).message}`;
  }
}
