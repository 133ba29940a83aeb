/**
 * Gate 5 preconditions of policy-uk.md §9.2 (pack 2026.2), each a generic check the pack
 * configures: an onward referral to this recipient, a legal matter naming this episode, a recipient
 * attribute in a jurisdiction, and no refusal the patient made while able to decide.
 */
import { stop } from '../trace.ts';
import type { Checks } from './preconditions.ts';
import { findObjection, objectionVars } from './objection.ts';

export const CHECKS_2026_2: Checks<
  'onward-referral' | 'matter-covers-episode' | 'recipient-attribute' | 'no-capacitous-refusal'
> = {
  'onward-referral': (_condition, { request }) => request.episode.onwardReferralTo === request.recipientId,
  'matter-covers-episode': (_condition, { request }) =>
    request.matter !== null && request.matter !== undefined && request.matter.episodeIds.includes(request.episode.id),
  'recipient-attribute': (condition, { recipient, request }) => {
    const value = recipient[condition.attribute];
    return typeof value === 'string' && value !== '' && condition.jurisdictions.includes(request.jurisdiction);
  },
  /** A refusal made with capacity confirmed outlives the loss of capacity (§9.2 step 5, emergency). */
  'no-capacitous-refusal': (condition, context) => {
    const refusal = findObjection(
      context,
      condition.scopes,
      (objection) => objection.capacityConfirmedBy !== undefined,
    );
    if (refusal === undefined) return true;
    const outcome = context.request.patientContext?.riskToOthers === true ? condition.onRiskToOthers : condition.onFail;
    return stop(outcome.decision, outcome.code, objectionVars(refusal));
  },
};
