/** Policy: the loaded pack, its digest recomputed in the browser, flows, profiles, switches, reasons. */
import { h, show, statusMessage, table } from '../dom.ts';
import { publishedPolicy } from '../policy.ts';

export async function policyPage(root: Element): Promise<void> {
  const policy = await publishedPolicy();
  const { document } = policy;
  show(
    root,
    h('h1', { tabindex: -1 }, `Policy pack ${policy.id} ${policy.version}`),
    h('p', {}, 'Digest: ', h('code', { 'data-testid': 'policy-digest' }, policy.digest)),
    policy.digestMatches
      ? statusMessage(
          'The digest was recomputed in this browser from the pack shown here; decisions name it in the audit log.',
        )
      : statusMessage('The pack shown does not hash to its published digest: do not rely on it.', 'error'),
    h('h2', {}, 'Flows'),
    table(
      ['flow', 'title', 'recipient categories', 'purpose', 'profile'],
      document.flows.map((flow) => [flow.id, flow.title, flow.categories.join(', '), flow.purpose, flow.profile]),
    ),
    h('h2', {}, 'Minimisation profiles'),
    table(
      ['profile', 'title', 'fields kept, generalised or pseudonymised'],
      Object.entries(document.profiles).map(([id, profile]) => [
        id,
        profile.title,
        Object.keys(profile.rules).join(', '),
      ]),
    ),
    h('h2', {}, 'Switches'),
    table(
      ['switch', 'value'],
      Object.entries(document.switches).map(([name, value]) => [name, JSON.stringify(value)]),
    ),
    h('h2', {}, 'Reason codes'),
    table(
      ['code', 'kind', 'explanation'],
      document.reasonCodes.map((r) => [h('code', {}, r.code), r.kind, r.explanation]),
    ),
  );
}

export const policyUnavailable = (root: Element, error: unknown) =>
  show(
    root,
    h('h1', { tabindex: -1 }, 'Policy'),
    statusMessage(`The pack could not be loaded: ${(error as Error).message}`, 'error'),
  );
