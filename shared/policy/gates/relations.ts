/**
 * The recipient and its relation to the patient (policy-se.md §3 step 5): a flag the recipient must
 * carry, an active care relation, a valid employer agreement, the patient's employer, or a flow that
 * always stops for a human assessment. Which checks a flow needs, and the codes, are pack data.
 */
import type { RelationCheck } from '../document.ts';
import { dateOf } from '../explain.ts';
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import { timeOf, type GateContext } from './context.ts';

/** YYYY-MM-DD of the decision time: agreements are valid by calendar date. */
function decisionDate(context: GateContext): string {
  return new Date(context.now).toISOString().slice(0, 10);
}

function activeCareRelation(context: GateContext) {
  return (context.records.careRelations ?? [])
    .filter((relation) => relation.recipientId === context.request.recipientId)
    .filter((relation) => timeOf(relation.from, context.now) <= context.now)
    .filter((relation) => relation.to === undefined || context.now < timeOf(relation.to, context.now))
    .filter((relation) => relation.ended === undefined || context.now < timeOf(relation.ended.at, context.now))
    .sort((a, b) => a.from.localeCompare(b.from) || a.relationId.localeCompare(b.relationId))[0];
}

function passes(check: RelationCheck, context: GateContext): boolean {
  const { recipient } = context;
  switch (check.kind) {
    case 'recipient-flag':
      return recipient[check.flag] === true;
    case 'care-relation': {
      const relation = activeCareRelation(context);
      if (relation === undefined) return false;
      Object.assign(context.trace.base, { relation: relation.relationId, relationDate: dateOf(relation.from) });
      return true;
    }
    case 'employer-agreement': {
      const agreement = recipient.employerAgreement;
      const today = decisionDate(context);
      if (agreement === undefined || agreement.validFrom > today) return false;
      if (agreement.validTo !== undefined && agreement.validTo < today) return false;
      context.trace.base.agreement = agreement.ref;
      return true;
    }
    case 'employer-of-patient':
      return (context.records.employerRecipientIds ?? []).includes(recipient.recipientId);
    case 'always-stop':
      return false;
  }
}

/** The first failing check that holds decides; a referral a person approved does not hold. */
export function relationGate(context: GateContext, halts: (gate: Stop) => boolean = () => true): Stop | undefined {
  for (const check of context.flow.relations ?? []) {
    if (passes(check, context)) continue;
    const outcome = check.kind === 'always-stop' ? resolve(check.outcome, context.select) : check.onFail;
    const gate = stop(outcome.decision, outcome.code);
    if (halts(gate)) return gate;
  }
  return undefined;
}
