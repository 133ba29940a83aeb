/**
 * The pack a review case is judged by (reviews.md §1, §6): the one that made the decision under
 * review, chosen per org and jurisdiction (policy-se.md §0), so a Swedish case takes its due date
 * and who may approve it from `se-default`, never from the deployment's UK pack. Cases opened
 * before they named their pack are found by their flow; failing both, the deployment's pack.
 */
import type { PolicyCatalogue } from '../policy/catalogue.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import type { ReviewedDecision } from '../reviews/model.ts';

export function packOfCase(
  decision: Pick<ReviewedDecision, 'policyId' | 'flow'>,
  packs: PolicyCatalogue | undefined,
  deploymentPack: LoadedPolicy,
): LoadedPolicy {
  const named = decision.policyId === undefined ? undefined : packs?.get(decision.policyId);
  if (named) return named;
  const { flow } = decision;
  const byFlow =
    flow === undefined ? undefined : packs?.all().find((pack) => pack.document.flows.some((f) => f.id === flow));
  return byFlow ?? deploymentPack;
}
