/** One audit entry in full, its plain-English explanations, and verification in the browser. */
import { h, present, show, statusMessage, table } from '../dom.ts';
import type { SearchedEntry } from '../entries.ts';
import { explanationOf, publishedPolicy } from '../policy.ts';
import type { Session } from '../session.ts';
import { pinnedVkeys } from '../store.ts';
import { verifyEntry, type EntryVerification } from '../verify/entry.ts';

export async function entryView(root: Element, session: Session, item: SearchedEntry): Promise<void> {
  const { entry, receipt } = item;
  const badge = h('div', { class: 'badge pending', role: 'status', 'data-testid': 'verify-badge' }, 'Not checked yet');
  const steps = h('div', {});
  const verify = h('button', { type: 'button' }, 'Verify in this browser');
  verify.addEventListener('click', () => {
    void runVerification(session, item, badge, steps);
  });
  show(
    root,
    h('h1', { tabindex: -1 }, `Audit entry ${receipt.entryId}`),
    h('p', {}, h('a', { href: '#/audit' }, 'Back to the search')),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Type', entry.type),
      ...fact('Time', entry.time),
      ...fact('Log', receipt.origin),
      ...fact('Index', String(receipt.index)),
      ...fact('Leaf hash', receipt.leafHash),
    ),
    await explanations(entry),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'verify-h' },
      h('h2', { id: 'verify-h' }, 'Verification'),
      verify,
      badge,
      steps,
    ),
    h('h2', {}, 'The entry as logged'),
    h('pre', { class: 'entry', tabindex: 0, 'aria-label': 'The entry as logged' }, JSON.stringify(entry, null, 2)),
  );
}

function fact(term: string, value: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

async function explanations(entry: SearchedEntry['entry']): Promise<HTMLElement | null> {
  const decision = entry.decision;
  if (!decision) return null;
  const policy = await publishedPolicy().catch(() => undefined);
  const rows = decision.reasonCodes.map((code) => [
    h('code', {}, code),
    policy ? explanationOf(policy.document, code, decision) : 'The policy pack could not be loaded.',
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'why-h' },
    h('h2', { id: 'why-h' }, `Decision: ${decision.outcome}`),
    table(['reason', 'explanation'], rows, 'Why: the reasons and their explanations'),
  );
}

async function runVerification(session: Session, item: SearchedEntry, badge: HTMLElement, out: HTMLElement) {
  badge.className = 'badge pending';
  badge.textContent = 'Verifying…';
  const pinned = await pinnedVkeys();
  if (pinned.length === 0) {
    badge.className = 'badge fail';
    badge.textContent = 'Not verified: no verifier keys are pinned in this browser (see the audit log page).';
    return;
  }
  let result: EntryVerification;
  try {
    result = await verifyEntry(session.api, item.entry, item.receipt, pinned);
  } catch (error) {
    badge.className = 'badge fail';
    badge.textContent = `Not verified: ${(error as Error).message}`;
    return;
  }
  const failed = result.steps.filter((step) => !step.ok).map((step) => step.name);
  badge.className = result.verified ? 'badge ok' : 'badge fail';
  badge.textContent = result.verified ? 'Verified' : `Not verified: ${failed.join(', ')} failed`;
  out.replaceChildren(
    ...present(
      table(
        ['check', 'result', 'detail'],
        result.steps.map((step) => [step.name, step.ok ? 'passed' : 'FAILED', step.detail]),
        'Verification steps',
      ),
      result.verified ? null : statusMessage('Do not rely on this entry: report it to your DPO.', 'error'),
    ),
  );
}
