/**
 * The pack's restriction section (policy-uk.md §9.3.2): which flows pass while a restriction of
 * processing covers a request, as data per flow. The gate (gates/restriction.ts) applies the
 * exceptions in the table's order; the first that applies decides, else the flow's `otherwise`.
 */
import * as z from 'zod';
import { APPROVER_ROLES, OVERRIDE_CODES } from '../../schemas/disclosure.ts';
import { selectable } from '../selectable.ts';

const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/u);

/** The Art 18(2) exceptions, in the order the gate tries them. */
export const RESTRICTION_EXCEPTIONS = ['LEGAL_CLAIMS', 'CONSENT', 'OVERRIDE', 'VITAL_INTERESTS'] as const;
export type RestrictionException = (typeof RESTRICTION_EXCEPTIONS)[number];

const outcome = z.strictObject({ decision: z.enum(['DENY', 'REFER']), code });

const flowRule = z.strictObject({
  exceptions: z.array(z.enum(RESTRICTION_EXCEPTIONS)),
  /** What a covered request gets when no exception applies (DENY_PROCESSING_RESTRICTED, or a REFER);
   *  selectable, so a switch that decides the flow's own fallback can decide this one too. */
  otherwise: selectable(outcome),
});

export const restrictionSectionSchema = z.strictObject({
  /** One rule per flow id of the pack; a flow without one is refused at load (fail closed). */
  flows: z.record(z.string(), flowRule),
  /** Override codes that pass a non-consent flow (with OVERRIDE), each with its informational code. */
  overrides: z.partialRecord(z.enum(OVERRIDE_CODES), code),
  /** The consent scope given for processing despite a restriction (besides the flow's own scope). */
  consentScope: z.string().regex(/^[A-Z][A-Z0-9_]*$/u),
  /** Whether a consent of the flow's own scope given before the restriction passes it too (the
   *  restriction consent scope must always follow the restriction). */
  ownScopeBeforeRestriction: selectable(z.boolean()),
  /** VITAL_INTERESTS: whose approval of the (already required) vital-interests override passes the
   *  restriction, and what the request gets with another approver. */
  vitalInterests: z.strictObject({
    approvers: selectable(z.array(z.enum(APPROVER_ROLES)).min(1)),
    otherwise: outcome,
  }),
  /** Obligations every ALLOW carries while a restriction of this ground covers the request. */
  groundObligations: z.record(z.string(), z.array(code)),
});

export type RestrictionSection = z.infer<typeof restrictionSectionSchema>;
export type FlowRestrictionRule = z.infer<typeof flowRule>;
export type RestrictionOutcome = z.infer<typeof outcome>;
