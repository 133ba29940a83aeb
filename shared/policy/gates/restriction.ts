/**
 * Step 5a (policy-uk.md §9.3.2): while a restriction of processing covers the request, only the
 * Art 18(2) exceptions the pack lists for the flow let it through, tried in the table's order;
 * otherwise the flow's `otherwise` decides. Mandatory decisions only note the restriction.
 */
import type { Consent, Restriction } from '../../records/model.ts';
import { dateOf, type ExplanationVars } from '../explain.ts';
import type { RestrictionException, RestrictionSection } from '../restriction/schema.ts';
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import type { OverrideApplied } from './objection.ts';
import { timeOf, type GateContext } from './context.ts';
import { instantMs } from '../../identifiers/instant.ts';

const GROUND_WORDS: Readonly<Record<Restriction['ground'], string>> = {
  ACCURACY_CONTESTED: 'the patient contests the accuracy of the data',
  UNLAWFUL_OPPOSES_ERASURE: 'the patient asked for restriction instead of erasure',
  LEGAL_CLAIMS_HELD: 'the patient needs the data kept for a legal claim',
  OBJECTION_PENDING: 'an objection is being considered',
};

export interface RestrictionPass {
  readonly override?: OverrideApplied;
}

export function restrictionVars(restriction: Restriction): ExplanationVars {
  return {
    restriction: restriction.restrictionId,
    restrictionDate: dateOf(restriction.at),
    restrictionGround: GROUND_WORDS[restriction.ground],
  };
}

/** Gate 5a over the covering restrictions (latest first). Returns the stop, or how the request passed. */
export function restrictionGate(
  context: GateContext,
  covering: readonly Restriction[],
  mandatory: boolean,
): Stop | RestrictionPass {
  const latest = covering[0];
  if (latest === undefined) return {};
  const vars = restrictionVars(latest);
  Object.assign(context.trace.base, vars);
  if (mandatory) {
    context.trace.info('RESTRICTION_NOT_APPLICABLE_MANDATORY', vars);
    return {};
  }
  const section = context.document.restriction;
  const rule = section?.flows[context.flow.id];
  if (section === undefined || rule === undefined) return stop('DENY', 'DENY_PROCESSING_RESTRICTED', vars);
  for (const exception of rule.exceptions) {
    const result = tryException(exception, context, section, latest);
    if (result !== undefined) return result;
  }
  const otherwise = resolve(rule.otherwise, context.select);
  if (otherwise.decision === 'REFER') context.trace.info('RESTRICTION_ACTIVE', vars);
  return stop(otherwise.decision, otherwise.code, vars);
}

/** One exception: the pass or stop it gives, or undefined when it does not apply. */
function tryException(
  exception: RestrictionException,
  context: GateContext,
  section: RestrictionSection,
  latest: Restriction,
): Stop | RestrictionPass | undefined {
  switch (exception) {
    case 'LEGAL_CLAIMS':
      return passWith(context, 'RESTRICTION_EXCEPTION_LEGAL_CLAIMS');
    case 'CONSENT':
      return restrictionConsent(context, section, latest)
        ? passWith(context, 'RESTRICTION_EXCEPTION_CONSENT')
        : undefined;
    case 'OVERRIDE':
      return overrideException(context, section);
    case 'VITAL_INTERESTS':
      return vitalInterests(context, section);
  }
}

function passWith(context: GateContext, code: string, override?: OverrideApplied): RestrictionPass {
  context.trace.info(code);
  return override ? { override } : {};
}

/**
 * A consent in force given at or after the restriction (policy-uk.md §9.3.1), of the restriction
 * scope or the flow's own; the pack may let the flow's own scope count whenever it was given.
 */
function restrictionConsent(context: GateContext, section: RestrictionSection, latest: Restriction): boolean {
  const own = context.flow.consent ? resolve(context.flow.consent.scope, context.select) : undefined;
  const ownBefore = resolve(section.ownScopeBeforeRestriction, context.select);
  const restrictedAt = timeOf(latest.at, context.now);
  return context.records.consents.some((consent) => {
    if (!inForce(consent, context)) return false;
    if (consent.scope === section.consentScope) return timeOf(consent.at, context.now) >= restrictedAt;
    if (consent.scope !== own) return false;
    return ownBefore || timeOf(consent.at, context.now) >= restrictedAt;
  });
}

function inForce(consent: Consent, context: GateContext): boolean {
  if (consent.status !== 'GIVEN' || consent.withdrawn !== undefined) return false;
  if (consent.expiresAt !== undefined && !(instantMs(consent.expiresAt) > context.now)) return false;
  return (
    (consent.recipientId === undefined || consent.recipientId === context.request.recipientId) &&
    (consent.episodeId === undefined || consent.episodeId === context.request.episode.id)
  );
}

/** An override the pack lists, approved as step 7 requires; the same code with another approver is refused. */
function overrideException(context: GateContext, section: RestrictionSection): Stop | RestrictionPass | undefined {
  const presented = context.request.override;
  if (!presented) return undefined;
  const code = section.overrides[presented.code];
  const rule = context.document.overrides.find((candidate) => candidate.code === presented.code);
  if (code === undefined || rule === undefined) return undefined;
  const overrideVars = { override: presented.code, approver: presented.approverRole };
  if (!resolve(rule.approvers, context.select).includes(presented.approverRole))
    return stop('DENY', 'DENY_OVERRIDE_NOT_APPROVED', overrideVars);
  Object.assign(context.trace.base, overrideVars);
  return passWith(context, code, { allowCode: rule.allow, obligations: rule.obligations });
}

/** The flow's vital-interests override passes when one of the pack's approvers gave it; else the pack's outcome. */
function vitalInterests(context: GateContext, section: RestrictionSection): Stop | RestrictionPass {
  const approver = context.request.override?.approverRole;
  const approvers = resolve(section.vitalInterests.approvers, context.select);
  if (approver !== undefined && approvers.includes(approver))
    return passWith(context, 'RESTRICTION_EXCEPTION_VITAL_INTERESTS');
  return stop(section.vitalInterests.otherwise.decision, section.vitalInterests.otherwise.code);
}
