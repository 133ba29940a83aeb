/**
 * On what basis clear identifiers may go (PHIN's identifier mode, a registry's consent, §9.2 step 6):
 * always, never, with the named consent, or on a recipient attribute such as section 251 support.
 * For a flow with an anonymous record, that basis is the disclosure's basis: without it only the
 * anonymous record goes, on the flow's anonymous basis.
 */
import type { Consent } from '../../records/model.ts';
import type { AlternativeBasis, ClearIdentifiers } from '../document.ts';
import { resolve } from '../select.ts';
import { findConsent } from './consent.ts';
import type { GateContext } from './context.ts';

export interface IdentifierBasis {
  readonly clear: boolean;
  /** Why identifiers were withheld (the reason on their transformation rows). */
  readonly reason?: string;
  /** The consent the identifiable record rests on, when consent is the disclosure's basis. */
  readonly consent?: Consent;
  /** A basis other than the flow's own (anonymous record, section 251 support). */
  readonly alternative?: AlternativeBasis;
  /** That basis brings the National Data Opt-out with it (section 251 support does). */
  readonly ndop?: boolean;
}

function withheld(context: GateContext, reason: string): IdentifierBasis {
  const alternative = context.flow.anonymousRecord;
  return alternative === undefined ? { clear: false, reason } : { clear: false, reason, alternative };
}

/** @param anonymousOnly the reason an objection withheld identifiers (gate 7), if it did. */
export function identifierBasis(context: GateContext, anonymousOnly?: string): IdentifierBasis {
  const selected = context.flow.clearIdentifiers;
  if (selected === undefined) return { clear: true };
  if (anonymousOnly !== undefined) return withheld(context, anonymousOnly);
  const mode: ClearIdentifiers = resolve(selected, context.select);
  if (mode.mode === 'ALWAYS') return { clear: true };
  if (mode.mode === 'NEVER') return withheld(context, mode.reason);
  const finding = findConsent(context, mode.scope);
  if (finding.state === 'VALID') {
    const consentIsBasis = context.flow.anonymousRecord !== undefined && finding.consent !== undefined;
    return consentIsBasis ? { clear: true, consent: finding.consent } : { clear: true };
  }
  const attribute = mode.orRecipientAttribute;
  if (attribute !== undefined && typeof context.recipient[attribute.attribute] === 'string')
    return { clear: true, alternative: attribute.basis, ndop: true };
  return withheld(context, mode.reason);
}
