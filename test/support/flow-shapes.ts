import type { CAPACITIES, DisclosureRequest, FUNDINGS } from '../../shared/schemas/disclosure.ts';

/** The request fields that pick one flow of the UK pack's register for a demo recipient. */
export interface FlowShape {
  readonly recipientId: string;
  readonly purpose: DisclosureRequest['purpose'];
  readonly subPurpose?: string;
  readonly funding: (typeof FUNDINGS)[number];
  readonly payerId?: string;
  readonly referralSourceOds?: string;
  readonly instrument?: string;
  readonly capacity?: (typeof CAPACITIES)[number];
}

/**
 * One request shape per flow family of the UK pack (policy-uk.md §1), against the demo seed's
 * recipients, so generated requests reach the gates instead of DENY_POLICY_UNKNOWN_FLOW.
 */
export const UK_FLOW_SHAPES: readonly FlowShape[] = [
  {
    recipientId: 'ins-acme-health',
    purpose: 'PAYMENT',
    subPurpose: 'CLAIM',
    funding: 'INSURED',
    payerId: 'ins-acme-health',
  },
  {
    recipientId: 'ins-other-mutual',
    purpose: 'PAYMENT',
    subPurpose: 'PRE_AUTH',
    funding: 'INSURED',
    payerId: 'ins-other-mutual',
  },
  { recipientId: 'gp-riverside', purpose: 'DIRECT_CARE', funding: 'SELF_PAY' },
  { recipientId: 'nhs-north-trust', purpose: 'DIRECT_CARE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
  { recipientId: 'nhs-north-trust', purpose: 'COMMISSIONING', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
  {
    recipientId: 'nhse-collections',
    purpose: 'STATUTORY_REPORTING',
    funding: 'NHS_FUNDED',
    instrument: 'HSCA2012-s259:DPN-7',
  },
  { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION', funding: 'SELF_PAY', instrument: 'MA1983-s35A:GMC-1' },
  { recipientId: 'phin', purpose: 'STATUTORY_REPORTING', funding: 'SELF_PAY' },
  { recipientId: 'emergency-dept', purpose: 'VITAL_INTERESTS', funding: 'SELF_PAY', capacity: 'UNCONSCIOUS' },
  // policy-uk.md §9.1 (pack 2026.2): the flows a shape can reach without a matter or an order's field list.
  { recipientId: 'audit-ext', purpose: 'CLINICAL_AUDIT', funding: 'SELF_PAY' },
  { recipientId: 'njr', purpose: 'CLINICAL_AUDIT', funding: 'SELF_PAY' },
  { recipientId: 'nataudit-exempt', purpose: 'CLINICAL_AUDIT', funding: 'NHS_FUNDED' },
  { recipientId: 'police-local', purpose: 'CRIME', funding: 'SELF_PAY', instrument: 'RTA1988-s172:NIP-2026-5' },
  { recipientId: 'police-local', purpose: 'CRIME', funding: 'SELF_PAY' },
];
