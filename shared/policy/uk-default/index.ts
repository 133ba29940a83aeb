/**
 * The built-in `uk-default` pack (policy-uk.md). A provider's DPO signs it off by its digest; a
 * change here, including a switch default, is a new version and a new digest.
 */
import type { UkPolicyDocument } from '../document.ts';
import { DEFAULT_SWITCHES } from '../switches.ts';
import { FIELDS } from './fields.ts';
import { FLOWS } from './flows.ts';
import { PROFILES } from './profiles.ts';
import { OBLIGATIONS, REASONS } from './reasons.ts';
import { ERASURE_REASONS, RESTRICTION, RESTRICTION_OBLIGATIONS, RESTRICTION_REASONS } from './restriction.ts';

export const UK_DEFAULT: UkPolicyDocument = {
  id: 'uk-default',
  version: '2026.2',
  title: 'UK disclosure policy pack',
  jurisdictions: ['UK-ENG', 'UK-WAL', 'UK-SCO', 'UK-NI'],
  switches: { ...DEFAULT_SWITCHES },
  ndop: { jurisdictions: ['UK-ENG'], fundings: ['NHS_FUNDED', 'OTHER_PUBLIC'] },
  overrides: [
    ...(['PUBLIC_INTEREST', 'SAFEGUARDING'] as const).map((code) => ({
      code,
      approvers: {
        select: 'switch:override.requireCaldicottGuardian',
        cases: { true: ['CALDICOTT_GUARDIAN' as const], false: ['CALDICOTT_GUARDIAN' as const, 'DPO' as const] },
      },
      allow: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
      obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW'],
    })),
    {
      code: 'BEST_INTERESTS',
      approvers: ['RESPONSIBLE_CLINICIAN', 'CALDICOTT_GUARDIAN'],
      capacities: ['LACKS'],
      allow: 'ALLOW_BEST_INTERESTS',
      obligations: [],
    },
  ],
  fields: FIELDS,
  profiles: PROFILES,
  flows: FLOWS,
  reasonCodes: [...REASONS, ...RESTRICTION_REASONS, ...ERASURE_REASONS],
  obligations: [...OBLIGATIONS, ...RESTRICTION_OBLIGATIONS],
  restriction: RESTRICTION,
};
