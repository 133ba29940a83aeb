/**
 * The parts of the pack schema that the Swedish pack introduced (policy-se.md): generic mechanisms
 * a pack configures, each optional so a pack that uses none of them (uk-default) parses, and
 * digests, exactly as before. The gates that read them are in gates/emergency-access.ts,
 * gates/relations.ts and gates/blocks.ts.
 */
import * as z from 'zod';
import { selectable } from './selectable.ts';
import { LANGUAGES, type Language } from './language-codes.ts';
import { APPROVER_ROLES, CAPACITIES, OVERRIDE_CODES } from '../schemas/disclosure.ts';
import { RECIPIENT_CATEGORIES } from '../records/model.ts';

export const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/u);
export const outcome = z.strictObject({ decision: z.enum(['DENY', 'REFER']), code });

/** One selector grammar for every pack (selectable.ts). */
export { selectable };

/** Languages a pack can explain its decisions in (policy-se.md §6): language-codes.ts. */
export { LANGUAGES, type Language };

export const languagesSchema = z.strictObject({
  offered: z.array(z.enum(LANGUAGES)).min(1),
  default: selectable(z.enum(LANGUAGES)),
});

/** The Swedish legal basis of a flow: GDPR articles, the national ground and the secrecy basis. */
export const seBasisSchema = z.strictObject({
  art6: selectable(z.string().min(1)),
  art9: selectable(z.string().min(1)),
  seGround: selectable(z.string().min(1)),
  secrecy: z.enum([
    'CONSENT',
    'IMPLIED_CONSENT',
    'EMERGENCY',
    'STATUTORY_DUTY',
    'STATUTORY_PERMISSION',
    'NOT_HEALTH_RECORD',
    'SECRECY_ASSESSMENT',
  ]),
});

/** Which subPurposes (the channel) select this flow among flows sharing category and purpose. */
export const channelSchema = z.union([
  z.strictObject({ subPurposeIn: z.array(code).min(1) }),
  z.strictObject({ subPurposeNotIn: z.array(code).min(1) }),
]);

/**
 * Emergency access (nödåtkomst): an override presented on this flow must meet the capacity and
 * approver rules; `required` flows cannot proceed without one. It may stand in for a missing
 * consent (never for a withdrawn one) and lifts the inner blocks of the request.
 */
export const emergencyAccessSchema = z.strictObject({
  code: z.enum(OVERRIDE_CODES),
  capacities: z.array(z.enum(CAPACITIES)).min(1),
  approvers: z.array(z.enum(APPROVER_ROLES)).min(1),
  required: z.boolean(),
  onIncapable: outcome,
  onUnapproved: outcome,
  liftsInnerBlocks: z.boolean(),
  replacesMissingConsent: z.strictObject({ allow: code, obligations: z.array(code) }).optional(),
});

/** Checks of the recipient and its relation to the patient, in order; the first failing one decides. */
export const relationCheckSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('recipient-flag'), flag: z.enum(['sjfParticipant']), onFail: outcome }),
  z.strictObject({ kind: z.literal('care-relation'), onFail: outcome }),
  z.strictObject({ kind: z.literal('employer-agreement'), onFail: outcome }),
  z.strictObject({ kind: z.literal('employer-of-patient'), onFail: outcome }),
  /** A flow that always stops here, e.g. for a case-by-case secrecy assessment. */
  z.strictObject({ kind: z.literal('always-stop'), outcome: selectable(outcome) }),
]);

/**
 * The spärr gate of a flow (policy-se.md §3 step 6): the freshness of the national check, outer
 * blocks (absolute unless emergency access passes them), inner blocks (per care unit). A kind the
 * flow does not check is "not applicable" when active.
 */
export const blockGateSchema = z.strictObject({
  status: z.strictObject({ onUnknown: selectable(outcome) }).nullable(),
  outer: z.strictObject({ onActive: outcome, passedByEmergencyAccess: selectable(z.boolean()) }).nullable(),
  inner: z.strictObject({ applies: selectable(z.boolean()), onAllWithheld: outcome }).nullable(),
});

/** Pack-wide block settings: where payload items originate and the codes the gate reports. */
export const blocksSchema = z.strictObject({
  /** The field naming the care unit every other origin-bearing field comes from. */
  unitField: z.string().regex(/^[a-z]+\.[A-Za-z]+$/u),
  /** Lists whose object items may name their own unit in `careUnitId`. */
  itemLists: z.array(z.string().regex(/^[a-z]+\.[A-Za-z]+$/u)),
  /** The groups whose fields are journal entries of a unit; others are never withheld by a block. */
  groups: z.array(z.string().regex(/^[a-z]+$/u)).min(1),
  /** The consent scope that lifts an inner block for one decision. */
  liftConsentScope: z.enum(['SE_SAMTYCKE_HAVNING']),
  codes: z.strictObject({ lifted: code, withheld: code, notApplicable: code }),
});

/** Obligations added when an objection blocks the flow (e.g. asking registers to erase). */
export const objectionObligationsSchema = selectable(z.array(code));

/** Consent that need not be present: without one the flow allows with `allow` (implied consent). */
export const impliedConsentSchema = z.strictObject({ applies: selectable(z.boolean()), allow: code });

/**
 * A channel only some kinds of recipient may be asked on (policy-se.md §1: SJF is between
 * caregivers): a request whose subPurpose is one of `subPurposes` to a recipient of another category
 * stops with `onOtherRecipient` before any flow is matched, so no flow that ignores the channel
 * (registers, employers) can release on it. gates/channels.ts reads it.
 */
export const recipientChannelSchema = z.strictObject({
  subPurposes: z.array(z.string().min(1)).min(1),
  categories: z.array(z.enum(RECIPIENT_CATEGORIES as readonly [string, ...string[]])).min(1),
  onOtherRecipient: outcome,
});
