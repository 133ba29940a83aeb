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
}

export type NationalIdSystem = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER' | 'SE_PNR';

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
  readonly withdrawn?: { readonly at: string; readonly recordedBy: string };
}

export type Purpose =
  | 'DIRECT_CARE'
  | 'PAYMENT'
  | 'STATUTORY_REPORTING'
  | 'REGULATORY_INVESTIGATION'
  | 'COMMISSIONING'
  | 'VITAL_INTERESTS'
  | 'SOCIAL_INSURANCE'
  | 'ABSENCE_ADMINISTRATION'
  | 'CLINICAL_AUDIT'
  | 'CRIME';

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
}
