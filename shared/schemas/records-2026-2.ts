/**
 * The records additions of policy-uk.md §9.1.2 and §9.8 (pack 2026.2): the new consent scopes and
 * their terms (date scope, "see before release"), the new purposes as objection scopes, and the
 * clinician who confirmed capacity when a patient refused emergency disclosure.
 */
import * as z from 'zod';
import type { ConsentScope, Purpose } from '../records/model.ts';

export const CONSENT_SCOPES_2026_2: readonly ConsentScope[] = [
  'REGISTRY_IDENTIFIERS',
  'SOLICITOR_AUTHORITY',
  'LEGAL_DISCLOSURE',
  'MEDICO_LEGAL',
];
export const PURPOSES_2026_2: readonly Purpose[] = [
  'CLINICAL_AUDIT',
  'LEGAL_PROCEEDINGS',
  'CRIME',
  'MEDICO_LEGAL_REPORT',
];

/** Scopes that only mean something for one named recipient (a solicitor's authority, an expert's instruction). */
const NAMES_RECIPIENT: readonly ConsentScope[] = ['SOLICITOR_AUTHORITY', 'LEGAL_DISCLOSURE', 'MEDICO_LEGAL'];
const DATE_SCOPED: readonly ConsentScope[] = ['SOLICITOR_AUTHORITY', 'LEGAL_DISCLOSURE', 'MEDICO_LEGAL'];
const SEE_FIRST: readonly ConsentScope[] = ['MEDICO_LEGAL'];
const REFUSAL_SCOPES: readonly string[] = ['EMERGENCY_CARE', 'VITAL_INTERESTS'];

export const consentTermsSchema = {
  recordsFrom: z.iso.date().optional(),
  recordsTo: z.iso.date().optional(),
  seeBeforeRelease: z.boolean().optional(),
};

interface ConsentTerms {
  readonly scope: ConsentScope;
  readonly recipientId?: string | undefined;
  readonly recordsFrom?: string | undefined;
  readonly recordsTo?: string | undefined;
  readonly seeBeforeRelease?: boolean | undefined;
}

/** A term the scope does not take is refused rather than stored and ignored. */
export function consentTermsIssues(body: ConsentTerms, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (NAMES_RECIPIENT.includes(body.scope) && body.recipientId === undefined)
    issue('recipientId', 'is required for this scope');
  if (!DATE_SCOPED.includes(body.scope)) {
    if (body.recordsFrom !== undefined) issue('recordsFrom', 'is not a term of this scope');
    if (body.recordsTo !== undefined) issue('recordsTo', 'is not a term of this scope');
  }
  if (!SEE_FIRST.includes(body.scope) && body.seeBeforeRelease !== undefined)
    issue('seeBeforeRelease', 'is not a term of this scope');
  if (body.recordsFrom !== undefined && body.recordsTo !== undefined && body.recordsFrom > body.recordsTo)
    issue('recordsTo', 'must not be before recordsFrom');
}

export function objectionTermsIssues(
  body: { readonly scope: string; readonly capacityConfirmedBy?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (body.capacityConfirmedBy !== undefined && !REFUSAL_SCOPES.includes(body.scope))
    ctx.addIssue({
      code: 'custom',
      path: ['capacityConfirmedBy'],
      message: 'only applies to scope EMERGENCY_CARE or VITAL_INTERESTS',
    });
}
