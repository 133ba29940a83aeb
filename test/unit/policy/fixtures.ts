/**
 * The policy-uk.md §8 baseline, shared by unit and integration tests: demo seed recipients, patient
 * MRN-1 (NHS number 9990000018, GP Y01234), NOT_OPTED_OUT checked today, and a payload with every
 * field group filled. The pseudonymiser is the pseudonymisation.md test-vector scheme (32 bytes of
 * 0x0b standing in for the KMS key), so pseudonyms here equal the spec's vectors.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import type { Consent, Objection, PatientRecordsSnapshot, Recipient } from '../../../shared/records/model.ts';
import type { DisclosurePayload, DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import type { DecisionInput } from '../../../shared/policy/engine.ts';
import { loadPolicy, type LoadedPolicy } from '../../../shared/policy/pack.ts';
import type { Switches } from '../../../shared/policy/switches.ts';

export const ORG = 'demo';
export const NOW = Date.parse('2026-12-01T10:00:00Z');
export const TODAY = '2026-12-01T08:00:00Z';
export const REGISTERED_NHS = '9990000018';
// Imported once: building a key from raw bytes on every HMAC cost more than the HMAC (issue 15 profile).
const TEST_KEY = createSecretKey(Buffer.alloc(32, 0x0b));

export function testPseudonym(org: string, domain: string, idType: string, value: string): string {
  return `v1.${createHmac('sha256', TEST_KEY).update(`gk1|${org}|${domain}|${idType}|${value}`, 'utf8').digest('base64url')}`;
}

export const testPseudonymise: DecisionInput['pseudonymise'] = (domain, idType, value) =>
  Promise.resolve(testPseudonym(ORG, domain, idType, value));

const recipient = (
  recipientId: string,
  category: Recipient['category'],
  extra: Partial<Recipient> = {},
): Recipient => ({ recipientId, org: ORG, name: recipientId, category, ...extra });

export const RECIPIENTS: Readonly<Record<string, Recipient>> = {
  'ins-acme-health': recipient('ins-acme-health', 'INSURER', { payerId: 'ins-acme-health' }),
  'ins-other-mutual': recipient('ins-other-mutual', 'INSURER', { payerId: 'ins-other-mutual' }),
  'gp-riverside': recipient('gp-riverside', 'GP', { odsCode: 'Y01234' }),
  'gp-hillside': recipient('gp-hillside', 'GP', { odsCode: 'Y05678' }),
  'nhs-north-trust': recipient('nhs-north-trust', 'NHS_BODY', { odsCode: 'RX1' }),
  'nhse-collections': recipient('nhse-collections', 'NHS_BODY', { odsCode: 'X26' }),
  'reg-gmc': recipient('reg-gmc', 'REGULATOR_PROFESSIONAL', { regulator: 'GMC' }),
  'reg-cqc': recipient('reg-cqc', 'REGULATOR_SYSTEM', { regulator: 'CQC' }),
  phin: recipient('phin', 'PHIN'),
  'emergency-dept': recipient('emergency-dept', 'EMERGENCY_CARE'),
  // policy-uk.md §9.7 (pack 2026.2)
  'ext-practitioner': recipient('ext-practitioner', 'EXTERNAL_PRACTITIONER'),
  'ext-other': recipient('ext-other', 'EXTERNAL_PRACTITIONER'),
  'audit-ext': recipient('audit-ext', 'CLINICAL_AUDIT_EXTERNAL'),
  njr: recipient('njr', 'NATIONAL_REGISTRY', { registry: 'NJR' }),
  nataudit: recipient('nataudit', 'NATIONAL_AUDIT_S251', { s251Ref: 'CAG-DEMO-1' }),
  'nataudit-exempt': recipient('nataudit-exempt', 'NATIONAL_AUDIT_S251', { s251Ref: 'CAG-DEMO-2', ndopExempt: true }),
  'sol-patient': recipient('sol-patient', 'SOLICITOR_PATIENT'),
  'sol-defence': recipient('sol-defence', 'SOLICITOR_PROVIDER'),
  'sol-third-party': recipient('sol-third-party', 'SOLICITOR_THIRD_PARTY'),
  'court-civil': recipient('court-civil', 'COURT'),
  'police-local': recipient('police-local', 'POLICE'),
  'expert-medlegal': recipient('expert-medlegal', 'MEDICAL_EXPERT'),
};

/**
 * The policy-uk.md §9.7 payload: the §8 one with one implant and PROMs dated 2026-02-01 and
 * 2026-06-01 (so a March-only consent drops the PROMs item).
 */
export function payload2026(): DisclosurePayload {
  const payload = fullPayload();
  return {
    ...payload,
    clinical: {
      ...payload.clinical,
      proms: [{ instrument: 'OHS', preScore: 14, postScore: 41, preDate: '2026-02-01', postDate: '2026-06-01' }],
      implants: [{ code: 'IMP-HIP-01', manufacturer: 'Acme Ortho', lot: 'LOT-5521' }],
    },
  };
}

/** Every field group filled; values chosen to be valid (codes, postcode, GMC) and recognisable in leak checks. */
export function fullPayload(): DisclosurePayload {
  return {
    patient: {
      nhsNumber: REGISTERED_NHS,
      localId: 'MRN-1',
      name: { given: 'Ada', family: 'Lovelace' },
      dateOfBirth: '1964-08-23',
      sex: 'F',
      postcode: 'SW1A 1AA',
      address: ['1 Testing Lane', 'London'],
      phone: '020 7946 0999',
      email: 'ada.lovelace@example.org',
      insuranceMembershipNumber: 'ACME-778899',
    },
    episode: {
      admissionDate: '2026-03-01',
      dischargeDate: '2026-03-03',
      admissionMethod: '11',
      dischargeMethod: '1',
      dischargeDestination: '19',
      classification: '1',
      siteOdsCode: 'NT401',
      consultantGmc: '1234567',
      preAuthorisationRef: 'PA-556677',
      policyNumber: 'POL-991122',
    },
    clinical: {
      diagnoses: [{ code: 'M16.1', description: 'Primary coxarthrosis, unilateral' }],
      procedures: [{ code: 'W37.1', date: '2026-03-01', description: 'Primary total hip replacement' }],
      medicationsOnDischarge: ['Paracetamol 1g four times daily'],
      allergies: ['Penicillin'],
      results: ['Hb 131 g/L'],
      followUpPlan: 'Physiotherapy review at six weeks',
      adverseEvents: [{ code: 'AE-WOUND', date: '2026-03-02' }],
      proms: [{ instrument: 'OHS', preScore: 14, postScore: 41, preDate: '2026-02-10', postDate: '2026-09-10' }],
      clinicalNecessity: 'Severe pain limiting walking to 50 metres',
    },
    financial: {
      invoiceLines: [{ code: 'HIP-PKG', description: 'Hip replacement package', amount: 12500, currency: 'GBP' }],
      totalAmount: 12500,
      currency: 'GBP',
    },
    narrative: {
      notes: 'Anxious about anaesthesia; spouse present',
      letter: 'Dear Dr Smith, your patient underwent a hip replacement.',
    },
  };
}

/** Values that must never appear in explanations (identifiers and payload values). */
export const SENSITIVE_VALUES = [
  '9990000018',
  'MRN-1',
  'Lovelace',
  '1964-08-23',
  'SW1A',
  'Testing Lane',
  '7946',
  'ACME-778899',
  'EP-2026-0042',
  'coxarthrosis',
  'Anxious',
];

/** An emergency (policy-uk P20): an unconscious patient, the responsible clinician's vital-interests override. */
export const VITAL_INTERESTS_EMERGENCY = {
  recipientId: 'emergency-dept',
  purpose: 'VITAL_INTERESTS',
  patientContext: { capacity: 'UNCONSCIOUS' },
  override: {
    code: 'VITAL_INTERESTS',
    approverRole: 'RESPONSIBLE_CLINICIAN',
    approvedBy: 'dr-2',
    justification: 'Collapsed in ED',
  },
} as const;

/** An insurer claim (policy-uk P01): ALLOW_WITH_REDACTION with an INSURER_CLAIM consent, DENY without. */
export const INSURER_CLAIM = {
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: {
    id: 'EP-2026-0042',
    type: 'APC_DAYCASE',
    funding: 'INSURED',
    payerId: 'ins-acme-health',
    referralSourceOds: null,
  },
} as const;

/**
 * Explanations as one text with the record ids the HTTP tests generate (`obj-<uuid>`, fresh for each
 * test) masked: an explanation names the record it rests on, and a random id can contain a short
 * sensitive value such as '7946' by chance.
 */
export function explanationText(explanations: readonly string[]): string {
  return explanations.join(' ').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
}

export function request(overrides: Partial<DisclosureRequest> = {}): DisclosureRequest {
  return {
    requestId: 'req-1',
    patientId: 'MRN-1',
    recipientId: 'gp-riverside',
    purpose: 'DIRECT_CARE',
    subPurpose: null,
    jurisdiction: 'UK-ENG',
    episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'SELF_PAY', payerId: null, referralSourceOds: null },
    instrument: null,
    patientContext: { capacity: 'HAS' },
    override: null,
    payload: fullPayload(),
    ...overrides,
  };
}

export function records(overrides: Partial<PatientRecordsSnapshot> = {}): PatientRecordsSnapshot {
  return {
    org: ORG,
    patientId: 'MRN-1',
    version: 3,
    registered: true,
    identifiers: [
      { system: 'NHS_NUMBER', key: testPseudonym(ORG, 'AUDIT', 'NHS_NUMBER', REGISTERED_NHS), masked: '******0018' },
    ],
    registeredGpOds: 'Y01234',
    consents: [],
    objections: [],
    ndop: { status: 'NOT_OPTED_OUT', checkedAt: TODAY },
    ...overrides,
  };
}

export function consent(scope: Consent['scope'], overrides: Partial<Consent> = {}): Consent {
  return {
    consentId: `cons-${scope.toLowerCase()}`,
    scope,
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'scan-1',
    capturedBy: 'staff-1',
    at: '2026-11-20T09:00:00Z',
    ...overrides,
  };
}

export function objection(scope: Objection['scope'], overrides: Partial<Objection> = {}): Objection {
  return {
    objectionId: `obj-${scope.toLowerCase()}`,
    scope,
    at: '2026-10-01T09:00:00Z',
    recordedBy: 'staff-2',
    ...overrides,
  };
}

/** The pack as the local stack runs it: `nhs.allowTestRange` on, so the fixtures' 999 numbers are valid. */
export function localPolicy(switches: Partial<Switches> = {}): LoadedPolicy {
  return loadPolicy(undefined, { 'nhs.allowTestRange': true, ...switches });
}

export const DEFAULT_POLICY: LoadedPolicy = localPolicy();

export function input(
  parts: { request?: DisclosureRequest; records?: PatientRecordsSnapshot; policy?: LoadedPolicy } = {},
): DecisionInput {
  const req = parts.request ?? request();
  return {
    request: req,
    recipient: RECIPIENTS[req.recipientId],
    records: parts.records ?? records(),
    policy: parts.policy ?? DEFAULT_POLICY,
    now: NOW,
    pseudonymise: testPseudonymise,
  };
}

/** `group.field` paths of a released payload, sorted: what "exactly which fields are released" compares. */
export function releasedPaths(payload: Record<string, unknown> | undefined): string[] {
  if (payload === undefined) return [];
  return Object.entries(payload)
    .flatMap(([group, fields]) => Object.keys(fields as Record<string, unknown>).map((field) => `${group}.${field}`))
    .sort();
}
