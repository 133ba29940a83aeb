/**
 * The pack-schema parts policy-uk.md §9 (pack 2026.2) adds: the generic mechanisms the new flows
 * configure (preconditions on a referral, a legal matter, a recipient attribute, a capacitous
 * refusal; instruments whose scope lists fields; anonymous records; conditional obligations;
 * explanation variants). Built from document.ts's own building blocks so both stay one schema.
 */
import * as z from 'zod';
import { JURISDICTIONS } from '../schemas/disclosure.ts';
import { selectable } from './selectable.ts';

interface Blocks<Outcome extends z.ZodType> {
  readonly code: z.ZodString;
  readonly outcome: Outcome;
}

export function schema2026x2<Outcome extends z.ZodType>({ code, outcome }: Blocks<Outcome>) {
  /** A basis other than the flow's own: its decisive code and the legal basis it reports. */
  const alternativeBasis = z.strictObject({
    allow: code,
    art6: selectable(z.string().min(1)),
    art9: z.string().min(1),
    dpaSch1Para: z.string().nullable(),
    commonLaw: z.string().min(1),
  });
  const preconditions2026x2 = [
    /** The episode records an onward referral to this recipient. */
    z.strictObject({ kind: z.literal('onward-referral'), onFail: outcome }),
    /** The request's `matter` names this episode. */
    z.strictObject({ kind: z.literal('matter-covers-episode'), onFail: outcome }),
    /** The recipient holds the attribute (e.g. section 251 support), in one of these jurisdictions. */
    z.strictObject({
      kind: z.literal('recipient-attribute'),
      attribute: z.enum(['s251Ref', 'registry']),
      jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1),
      onFail: outcome,
    }),
    /** No active objection of these scopes made with capacity confirmed; a risk to others refers instead. */
    z.strictObject({
      kind: z.literal('no-capacitous-refusal'),
      scopes: z.array(z.enum(['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'])).min(1),
      onRiskToOthers: outcome,
      onFail: outcome,
    }),
  ] as const;
  return {
    alternativeBasis,
    preconditions2026x2,
    instrumentTerms: {
      /** REQUIRED: `instrument.scope.fields` must be given; IGNORED: the instrument's profile is fixed. */
      scopeFields: z.enum(['REQUIRED', 'IGNORED']).optional(),
      /** A profile of its own for this instrument (a fixed statutory dataset), instead of the flow's. */
      profile: z.string().min(1).optional(),
    },
    objectionTerms: {
      /** What a blocking objection decides (default DENY_PATIENT_OBJECTION). */
      onBlock: selectable(outcome).optional(),
      /** A matching objection that does not block adds this code; `anonymous` withholds identifiers. */
      whenMatched: z.strictObject({ info: code, anonymous: z.boolean() }).optional(),
    },
    obligationsWhenReleased: {
      /** Obligations added when any of these groups or fields is released. */
      whenReleased: z.array(z.strictObject({ paths: z.array(z.string()).min(1), obligation: code })).optional(),
    },
    reasonVariants: {
      /** The first variant whose variable is set replaces the explanation. */
      variants: z.array(z.strictObject({ when: z.string(), explanation: z.string().min(1) })).optional(),
    },
  };
}
