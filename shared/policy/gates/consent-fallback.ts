/**
 * The consent gate with the bases that may stand in for a consent that was never given (policy-se.md
 * §3 step 7): emergency access where the flow allows it, or implied consent where a switch says no
 * consent is required. A withdrawn or declined consent is never replaced: the plain gate decides it.
 */
import type { Consent } from '../../records/model.ts';
import { resolve } from '../select.ts';
import type { Stop } from '../trace.ts';
import { consentGate, findConsent } from './consent.ts';
import type { GateContext } from './context.ts';
import type { EmergencyAccess } from './emergency-access.ts';

/** What a decision rests on when no consent was given: emergency access or implied consent. */
export interface ConsentFallback {
  readonly basis: 'EMERGENCY' | 'IMPLIED';
  readonly allowCode: string;
  readonly obligations: readonly string[];
}

export type ConsentOutcome = { readonly consent?: Consent; readonly fallback?: ConsentFallback };

export function consentWithFallbacks(context: GateContext, access: EmergencyAccess): Stop | ConsentOutcome {
  const required = context.flow.consent;
  if (required === null) return {};
  if (findConsent(context, resolve(required.scope, context.select)).state === 'NONE') {
    const replacement = context.flow.emergencyAccess?.replacesMissingConsent;
    if (access.granted && replacement)
      return { fallback: { basis: 'EMERGENCY', allowCode: replacement.allow, obligations: replacement.obligations } };
    const implied = required.implied;
    if (implied && resolve(implied.applies, context.select))
      return { fallback: { basis: 'IMPLIED', allowCode: implied.allow, obligations: [] } };
  }
  return consentGate(context);
}
