/**
 * Gate 6 and the consent lookup PHIN's clear-identifier rule reuses. The patient's latest word
 * wins: among the consents of the scope that cover this recipient and episode, the one with the
 * latest event (its withdrawal, else its capture) decides, so a withdrawal is never outvoted by an
 * older consent and a withdrawn consent is never replaced by another basis.
 */
import type { Consent, ConsentScope } from '../../records/model.ts';
import { dateOf, type ExplanationVars } from '../explain.ts';
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import { timeOf, type GateContext } from './context.ts';
import { coversEpisodeDates, isDateScoped } from './consent-terms.ts';
import { instantMs } from '../../identifiers/instant.ts';

export type ConsentState = 'VALID' | 'WITHDRAWN' | 'DECLINED' | 'NONE';

export interface ConsentFinding {
  readonly state: ConsentState;
  readonly consent?: Consent;
}

/** Withdrawal outranks a decline, a decline outranks a consent, when two events share a time. */
const RANK = { WITHDRAWN: 0, DECLINED: 1, VALID: 2 } as const;

function stateOf(consent: Consent): Exclude<ConsentState, 'NONE'> {
  if (consent.withdrawn) return 'WITHDRAWN';
  return consent.status === 'DECLINED' ? 'DECLINED' : 'VALID';
}

function covers(consent: Consent, context: GateContext): boolean {
  return (
    (consent.recipientId === undefined || consent.recipientId === context.request.recipientId) &&
    (consent.episodeId === undefined || consent.episodeId === context.request.episode.id)
  );
}

/** A consent whose dates cannot be read is not relied on. */
function usable(consent: Consent, now: number): boolean {
  if (consent.withdrawn !== undefined || consent.status !== 'GIVEN') return true;
  if (Number.isNaN(instantMs(consent.at))) return false;
  if (consent.expiresAt === undefined) return true;
  const expiresAt = instantMs(consent.expiresAt);
  return Number.isFinite(expiresAt) && expiresAt > now;
}

interface Candidate {
  consent: Consent;
  state: Exclude<ConsentState, 'NONE'>;
  at: number;
}

/** The latest event first; a withdrawal, then a decline, first among events at the same time. */
function comesBefore(consent: Consent, state: Candidate['state'], at: number, than: Candidate): boolean {
  const order =
    than.at - at || RANK[state] - RANK[than.state] || consent.consentId.localeCompare(than.consent.consentId);
  return order < 0;
}

/** `namesRecipient`: only a consent naming this recipient counts (a solicitor's authority, §9.1.2). */
export function findConsent(context: GateContext, scope: ConsentScope, namesRecipient = false): ConsentFinding {
  const consents = context.records.consents;
  // One pass keeping the first in that order, the one a stable sort would put first (issue 15: no list
  // of candidates, up to three lookups a PHIN release).
  let first: Candidate | undefined;
  for (let i = 0; i < consents.length; i += 1) {
    // A hole in the list is skipped, as the filters this replaced skipped it.
    if (!(i in consents)) continue;
    const consent = consents[i]!;
    if (consent.scope !== scope || !covers(consent, context)) continue;
    if (namesRecipient && consent.recipientId === undefined) continue;
    if (!coversEpisodeDates(consent, context.request)) continue;
    // An expired consent is simply no longer there; a withdrawal or decline counts whenever it happened.
    if (!usable(consent, context.now)) continue;
    const state = stateOf(consent);
    const at = timeOf(consent.withdrawn?.at ?? consent.at, context.now);
    if (first === undefined) first = { consent, state, at };
    else if (comesBefore(consent, state, at, first)) {
      first.consent = consent;
      first.state = state;
      first.at = at;
    }
  }
  return first ? { state: first.state, consent: first.consent } : { state: 'NONE' };
}

export function consentVars(consent: Consent | undefined, scope: string): ExplanationVars {
  return {
    consentScope: scope,
    consent: consent?.consentId,
    consentForm: consent?.form.toLowerCase(),
    consentDate: dateOf(consent?.at),
    withdrawnDate: dateOf(consent?.withdrawn?.at),
    // An open end of a date scope reads as such, not as a missing record.
    recordsFrom: consent && isDateScoped(consent) ? (consent.recordsFrom ?? 'the earliest record') : undefined,
    recordsTo: consent && isDateScoped(consent) ? (consent.recordsTo ?? 'the latest record') : undefined,
  };
}

/** An in-force consent that would cover this disclosure but for its dates (§9.2 step 6). */
function outOfDates(context: GateContext, scope: ConsentScope, namesRecipient: boolean): Consent | undefined {
  return context.records.consents.find(
    (consent) =>
      consent.scope === scope &&
      covers(consent, context) &&
      (!namesRecipient || consent.recipientId !== undefined) &&
      stateOf(consent) === 'VALID' &&
      usable(consent, context.now) &&
      !coversEpisodeDates(consent, context.request),
  );
}

/** Gate 6 for flows that need consent. Returns the consent relied on, or the stop. */
export function consentGate(context: GateContext): Stop | { readonly consent?: Consent } {
  const required = context.flow.consent;
  if (required === null) return {};
  const scope = resolve(required.scope, context.select);
  const namesRecipient = required.namesRecipient === true;
  const finding = findConsent(context, scope, namesRecipient);
  const vars = consentVars(finding.consent, scope);
  switch (finding.state) {
    case 'VALID':
      context.trace.base.consent = finding.consent?.consentId;
      Object.assign(context.trace.base, vars);
      // The latest consent in force speaks for the patient, including a wish to see the material first.
      if (finding.consent?.seeBeforeRelease === true) return stop('REFER', 'REFER_PATIENT_SEES_FIRST', vars);
      return finding.consent ? { consent: finding.consent } : {};
    case 'WITHDRAWN':
      return stop('DENY', 'DENY_CONSENT_WITHDRAWN', vars, required.onWithdrawnObligations);
    case 'DECLINED':
      return stop('DENY', 'DENY_CONSENT_DECLINED', vars);
    case 'NONE': {
      const dated = outOfDates(context, scope, namesRecipient);
      if (dated) return stop('DENY', 'DENY_OUT_OF_CONSENT_SCOPE', consentVars(dated, scope));
      const outcome = resolve(required.onMissing, context.select);
      return stop(outcome.decision, outcome.code, vars);
    }
  }
}
