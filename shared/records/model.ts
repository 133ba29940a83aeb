/**
 * What the gatekeeper knows about a patient and a recipient, as the decision engine reads it.
 * Storage shape lives in the DynamoDB adapter; this is the domain shape.
 */
import type { SwedishRecipientAttributes, SwedishRecords } from './se-model.ts';

export type RecipientCategory =
  | 'INSURER'
  | 'GP'
  | 'NHS_BODY'
  | 'REGULATOR_PROFESSIONAL'
  | 'REGULATOR_SYSTEM'
  | 'PHIN'
  | 'EMERGENCY_CARE'
  // policy-uk.md §9.1 (pack 2026.2)
  | 'EXTERNAL_PRACTITIONER'
  | 'CLINICAL_AUDIT_EXTERNAL'
  | 'NATIONAL_REGISTRY'
  | 'NATIONAL_AUDIT_S251'
  | 'SOLICITOR_PATIENT'
  | 'SOLICITOR_PROVIDER'
  | 'SOLICITOR_THIRD_PARTY'
  | 'COURT'
  | 'POLICE'
  | 'MEDICAL_EXPERT'
  | SwedishRecipientCategory;

/** policy-se.md §1. */
export type SwedishRecipientCategory =
  | 'SE_VARDGIVARE'
  | 'SE_FORSAKRINGSBOLAG'
  | 'SE_FORSAKRINGSKASSAN'
  | 'SE_ARBETSGIVARE'
  | 'SE_IVO'
  | 'SE_SOCIALSTYRELSEN_REGISTER'
  | 'SE_KVALITETSREGISTER'
  | 'SE_POLIS';

export const RECIPIENT_CATEGORIES: readonly RecipientCategory[] = Object.freeze([
  'INSURER',
  'GP',
  'NHS_BODY',
  'REGULATOR_PROFESSIONAL',
  'REGULATOR_SYSTEM',
  'PHIN',
  'EMERGENCY_CARE',
  'EXTERNAL_PRACTITIONER',
  'CLINICAL_AUDIT_EXTERNAL',
  'NATIONAL_REGISTRY',
  'NATIONAL_AUDIT_S251',
  'SOLICITOR_PATIENT',
  'SOLICITOR_PROVIDER',
  'SOLICITOR_THIRD_PARTY',
  'COURT',
  'POLICE',
  'MEDICAL_EXPERT',
  'SE_VARDGIVARE',
  'SE_FORSAKRINGSBOLAG',
  'SE_FORSAKRINGSKASSAN',
  'SE_ARBETSGIVARE',
  'SE_IVO',
  'SE_SOCIALSTYRELSEN_REGISTER',
  'SE_KVALITETSREGISTER',
  'SE_POLIS',
]);

export interface Recipient extends SwedishRecipientAttributes {
  readonly recipientId: string;
  readonly org: string;
  readonly name: string;
  readonly category: RecipientCategory;
  readonly odsCode?: string;
  readonly payerId?: string;
  readonly regulator?: string;
  /** policy-uk.md §9.8: the registry a NATIONAL_REGISTRY recipient runs (e.g. `NJR`). */
  readonly registry?: string;
  /** The Confidentiality Advisory Group reference of the recipient's section 251 support. */
  readonly s251Ref?: string;
  /** A NATIONAL_AUDIT_S251 recipient whose support sets the National Data Opt-out aside. */
  readonly ndopExempt?: boolean;
}

/** `SE_RESERVNUMMER`: a caregiver's local number (policy-se.md §2), kept like the others, never compared across orgs. */
export type NationalIdSystem = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER' | 'SE_PNR' | 'SE_RESERVNUMMER';

/** A registered identifier is kept only as an AUDIT-domain pseudonym (keyed HMAC) plus a mask. */
export interface RegisteredIdentifier {
  readonly system: NationalIdSystem;
  /** `v1.…` AUDIT pseudonym of the normalised value. */
  readonly key: string;
  /** e.g. `******0018`: enough for staff to recognise, not to identify. */
  readonly masked: string;
}

export type ConsentScope =
  | 'INSURER_CLAIM'
  | 'INSURER_PREAUTH'
  | 'PHIN_IDENTIFIERS'
  | 'REGULATOR_DISCLOSURE'
  | 'GP_SHARING'
  // policy-uk.md §9.1.2 (pack 2026.2)
  | 'REGISTRY_IDENTIFIERS'
  | 'SOLICITOR_AUTHORITY'
  | 'LEGAL_DISCLOSURE'
  | 'MEDICO_LEGAL'
  | 'RESTRICTION_CONSENT'
  // policy-se.md §2
  | 'SE_SJF'
  | 'SE_VARD_UTLAMNANDE'
  | 'SE_FORSAKRING'
  | 'SE_SAMTYCKE_HAVNING';
export type ConsentForm = 'WRITTEN' | 'ELECTRONIC' | 'VERBAL';

export interface Withdrawal {
  readonly at: string;
  readonly recordedBy: string;
  readonly reason?: string;
}

export interface Consent {
  readonly consentId: string;
  readonly scope: ConsentScope;
  readonly recipientId?: string;
  readonly episodeId?: string;
  readonly status: 'GIVEN' | 'DECLINED';
  readonly form: ConsentForm;
  readonly evidenceRef: string;
  readonly capturedBy: string;
  /** ISO 8601 date-time the consent was given or declined. */
  readonly at: string;
  readonly expiresAt?: string;
  /** policy-uk.md §9.1.2: the consent covers records dated from/to (YYYY-MM-DD, inclusive). */
  readonly recordsFrom?: string;
  readonly recordsTo?: string;
  /** The patient asked to see the material before it is released. */
  readonly seeBeforeRelease?: boolean;
  /** `SE_SAMTYCKE_HAVNING` only: the care unit whose inre spärr the consent lifts (policy-se.md §2). */
  readonly careUnitId?: string;
  /** Present once withdrawn; a withdrawal is never deleted. */
  readonly withdrawn?: Withdrawal;
}

/** `<recipient category>`, `<purpose>` or `ALL_NON_MANDATORY`. */
export type ObjectionScope = RecipientCategory | Purpose | 'ALL_NON_MANDATORY';

export interface Objection {
  readonly objectionId: string;
  readonly scope: ObjectionScope;
  readonly recipientId?: string;
  readonly at: string;
  readonly recordedBy: string;
  readonly note?: string;
  /** Staff id of the clinician who confirmed the patient's capacity when this refusal was made (§9.8). */
  readonly capacityConfirmedBy?: string;
  readonly withdrawn?: { readonly at: string; readonly recordedBy: string };
}

export type Purpose =
  | 'DIRECT_CARE'
  | 'PAYMENT'
  | 'STATUTORY_REPORTING'
  | 'REGULATORY_INVESTIGATION'
  | 'COMMISSIONING'
  | 'VITAL_INTERESTS'
  // policy-uk.md §9.1 (pack 2026.2)
  | 'CLINICAL_AUDIT'
  | 'LEGAL_PROCEEDINGS'
  | 'CRIME'
  | 'MEDICO_LEGAL_REPORT'
  // policy-se.md §1
  | 'SOCIAL_INSURANCE'
  | 'ABSENCE_ADMINISTRATION';

export interface NdopResult {
  readonly status: 'OPTED_OUT' | 'NOT_OPTED_OUT';
  readonly checkedAt: string;
}

/** Every record of one patient, read as one consistent snapshot at `version`. */
export interface PatientRecordsSnapshot extends SwedishRecords {
  readonly org: string;
  readonly patientId: string;
  /** 0 when nothing was ever recorded; bumped by every record write. */
  readonly version: number;
  readonly registered: boolean;
  readonly identifiers: readonly RegisteredIdentifier[];
  readonly registeredGpOds?: string;
  readonly consents: readonly Consent[];
  readonly objections: readonly Objection[];
  readonly ndop?: NdopResult;
  /** Restrictions of processing (policy-uk.md §9.3) with their lifts; absent reads as none. */
  readonly restrictions?: readonly Restriction[];
  /** The tombstone of an erasure (reviews.md §4): present once the patient's records were erased. */
  readonly erased?: ErasureTombstone;
}

export const ERASURE_GROUNDS = ['CONSENT_WITHDRAWN', 'NO_LONGER_NECESSARY', 'OBJECTION_UPHELD', 'UNLAWFUL'] as const;

/** What an erasure leaves: the patient id (the partition) and the erasure's receipt, nothing else. */
export interface ErasureTombstone {
  readonly at: string;
  readonly grounds: (typeof ERASURE_GROUNDS)[number];
  readonly receipt: {
    readonly origin: string;
    readonly index: number;
    readonly leafHash: string;
    readonly entryId: string;
  };
}

export const RESTRICTION_GROUNDS = [
  'ACCURACY_CONTESTED',
  'UNLAWFUL_OPPOSES_ERASURE',
  'LEGAL_CLAIMS_HELD',
  'OBJECTION_PENDING',
] as const;
export type RestrictionGround = (typeof RESTRICTION_GROUNDS)[number];
export const RESTRICTION_REQUESTERS = ['PATIENT', 'REPRESENTATIVE', 'PROVIDER'] as const;
export const LIFT_REASONS = [
  'ACCURACY_VERIFIED',
  'DATA_RECTIFIED',
  'OBJECTION_DECIDED',
  'CLAIM_CONCLUDED',
  'DATA_ERASED',
  'PATIENT_REQUEST',
] as const;

/** A restriction of processing (UK GDPR Art 18; policy-uk.md §9.3.1). Kept with its lift, never deleted. */
export interface Restriction {
  readonly restrictionId: string;
  readonly ground: RestrictionGround;
  /** Required for, and only for, OBJECTION_PENDING. */
  readonly objectionId?: string;
  /** Absent: every episode of the patient. */
  readonly episodeIds?: readonly string[];
  readonly requestedBy: (typeof RESTRICTION_REQUESTERS)[number];
  readonly at: string;
  readonly recordedBy: string;
  /** Set once lifted (Art 18(3): the patient is informed at or before the lift). */
  readonly liftedAt?: string;
  readonly liftedBy?: string;
  readonly liftReason?: (typeof LIFT_REASONS)[number];
  readonly patientInformedAt?: string;
}
