/**
 * The Swedish records the spärr and relation gates read (policy-se.md §2), in the domain shape.
 * Every instant is UTC millisecond ISO 8601, so records compare as strings.
 */

/** INRE: data from one care unit withheld; YTTRE: the patient's no to SJF at this caregiver. */
export type BlockKind = 'INRE' | 'YTTRE';
export type BlockSource = 'LOCAL' | 'NATIONELL_SPARRTJANST';

/** A permanent removal: a lifted block never becomes active again (a new block is a new id). */
export interface BlockLift {
  readonly at: string;
  readonly recordedBy: string;
  readonly reason: 'PATIENT_REQUEST' | 'REGISTRATION_ERROR';
  readonly evidenceRef?: string;
}

export interface Block {
  readonly blockId: string;
  readonly kind: BlockKind;
  /** The blocked care unit's HSA-id; required for INRE, absent for YTTRE. */
  readonly careUnitId?: string;
  readonly at: string;
  readonly expiresAt?: string;
  readonly source: BlockSource;
  readonly recordedBy: string;
  readonly evidenceRef?: string;
  readonly lifted?: BlockLift;
}

/** The latest reading of the national spärrtjänst. */
export interface SparrCheck {
  readonly status: 'CHECKED' | 'UNAVAILABLE';
  readonly checkedAt: string;
  readonly source: BlockSource;
}

/** A vårdrelation attested by the recipient caregiver. */
export interface CareRelation {
  readonly relationId: string;
  readonly recipientId: string;
  readonly from: string;
  readonly to?: string;
  readonly attestedBy: string;
  readonly evidenceRef: string;
  readonly ended?: { readonly at: string; readonly recordedBy: string };
}

export interface EmployerAgreement {
  readonly ref: string;
  /** YYYY-MM-DD, inclusive. */
  readonly validFrom: string;
  readonly validTo?: string;
}

/** The Swedish attributes a recipient may carry (policy-se.md §2, "Per org"). */
export interface SwedishRecipientAttributes {
  readonly hsaId?: string;
  readonly orgNr?: string;
  readonly authority?: 'FORSAKRINGSKASSAN' | 'IVO' | 'SOCIALSTYRELSEN' | 'POLISMYNDIGHETEN';
  readonly register?: string;
  readonly sjfParticipant?: boolean;
  readonly employerAgreement?: EmployerAgreement;
}

/**
 * A registerutdrag issued (policy-se.md §9): the patient's signed request for the list of who
 * received their data. `calendarYear` is the Swedish calendar year of `requestedAt`; `countThisYear`
 * counts this one with those issued before it in that year, so a retry answers the same count.
 */
export interface RegisterutdragRecord {
  readonly utdragId: string;
  readonly requestedAt: string;
  readonly form: 'SIGNED_LETTER' | 'E_ID';
  readonly recordedBy: string;
  readonly calendarYear: number;
  readonly countThisYear: number;
  /** `countThisYear ≤ registerutdrag.freePerCalendarYear` when issued; the pack never charges. */
  readonly free: boolean;
}

/** The Swedish part of a records snapshot; every member absent for a patient with none. */
export interface SwedishRecords {
  readonly blocks?: readonly Block[];
  readonly sparrCheck?: SparrCheck;
  readonly careRelations?: readonly CareRelation[];
  readonly employerRecipientIds?: readonly string[];
  readonly registerutdrag?: readonly RegisterutdragRecord[];
}
