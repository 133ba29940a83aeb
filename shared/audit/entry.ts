import { canonicalBytes } from '../canonical-json.ts';
import { sha256, utf8 } from './encoding.ts';
import { AuditEntryInvalidError, EntryTooLargeError, OriginInvalidError } from './errors.ts';

/**
 * The audit entry of audit.md §2. Entries hold identifiers, pseudonyms, codes and digests only:
 * never a payload, a national identifier in clear, a name, an address or free text.
 */
export const ENTRY_VERSION = 'gk-audit/1';

export const DECISION_ENTRY_TYPE = 'disclosure.decision';
export const CONSENT_ENTRY_TYPES = [
  'record.consent.given',
  'record.consent.declined',
  'record.consent.withdrawn',
] as const;
export const OBJECTION_ENTRY_TYPES = ['record.objection.raised', 'record.objection.withdrawn'] as const;
export const REVIEW_ENTRY_TYPES = ['review.opened', 'review.decided'] as const;
export const RESTRICTION_ENTRY_TYPES = ['record.restriction.placed', 'record.restriction.lifted'] as const;
export const NOTIFICATION_ENTRY_TYPES = ['notification.opened', 'notification.closed'] as const;
/** Swedish records (policy-se.md §9): ids, codes and instants only, never free text. */
export const SE_RECORD_ENTRY_TYPES = [
  'record.block.placed',
  'record.block.lifted',
  'record.sparr.checked',
  'record.carerelation.recorded',
  'record.carerelation.ended',
  'record.registerutdrag.issued',
] as const;

export const ENTRY_TYPES = [
  DECISION_ENTRY_TYPE,
  'record.patient.registered',
  ...CONSENT_ENTRY_TYPES,
  ...OBJECTION_ENTRY_TYPES,
  'record.ndop.checked',
  'audit.read',
  'admin.client.changed',
  'admin.key.revoked',
  'admin.recipient.changed',
  ...REVIEW_ENTRY_TYPES,
  ...RESTRICTION_ENTRY_TYPES,
  ...NOTIFICATION_ENTRY_TYPES,
  'record.patient.erased',
  ...SE_RECORD_ENTRY_TYPES,
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export type JsonValue = string | number | boolean | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type Outcome = 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
export const RELEASING_OUTCOMES: readonly Outcome[] = ['ALLOW', 'ALLOW_WITH_REDACTION'];

interface EntryCommon {
  readonly v: typeof ENTRY_VERSION;
  readonly origin: string;
  /** ULID. */
  readonly id: string;
  /** UTC, millisecond ISO 8601. */
  readonly time: string;
  readonly org: string;
  readonly actor: { readonly clientId: string; readonly kid: string; readonly jti: string };
  /**
   * `subjectDigest` (decisions only): the JCS digest of the parsed body without `requestId` and
   * `reviewId`, which binds a review's approval to one disclosure (reviews.md §1).
   */
  readonly request?: { readonly requestId: string; readonly digest: string; readonly subjectDigest?: string };
}

interface PatientScoped extends EntryCommon {
  /** `key` is the AUDIT pseudonym of the registered national identifier, when there is one. */
  readonly patient: { readonly ref: string; readonly key?: string };
  readonly records?: { readonly version: number };
}

export interface DecisionBasis {
  readonly source: 'PATIENT_CONSENT' | 'INSTRUMENT' | 'ROPA' | 'REVIEW';
  /** The consent id when source is PATIENT_CONSENT; the reviewId when REVIEW. */
  readonly recordId?: string;
  readonly [detail: string]: JsonValue | undefined;
}

export interface DecisionDetail {
  readonly outcome: Outcome;
  readonly reasonCodes: readonly string[];
  readonly obligations: readonly string[];
  /** Absent when no flow matched (then the outcome is DENY); present on every release. */
  readonly basis?: DecisionBasis;
  readonly flow?: string;
  /** `category` is absent when the recipient is not registered. */
  readonly recipient: { readonly id: string; readonly category?: string };
  readonly purpose: string;
  readonly subPurpose?: string;
  readonly jurisdiction: string;
  readonly episodeId?: string;
  /** Catalogue paths with list indexes folded to `[*]`; members it does not know are one `(unknown)` row. */
  readonly transformations: readonly EntryTransformation[];
  /** Present when a payload was released: sha-256 of its JCS bytes. */
  readonly payloadDigest?: string;
  readonly policy: { readonly id: string; readonly version: string; readonly digest: string };
  /** Present when the request carried an override: who approved it, and the justification's digest only. */
  readonly override?: DecisionOverride;
  /** policy-uk.md §9.8: the claim a legal-proceedings disclosure served (its reference only). */
  readonly matter?: { readonly ref: string };
  /** The review case whose approval this decision used, or whose pending case it points to (REVIEW_PENDING). */
  readonly reviewId?: string;
  /** The restrictions of processing covering the request (policy-uk.md §9.8); absent when none. */
  readonly restrictions?: readonly { readonly id: string; readonly ground: string }[];
  /** Under a pack with blocks (policy-se.md §9): the spärr check and blocks the decision saw, ids only. */
  readonly sparr?: DecisionSparr;
}

export interface DecisionSparr {
  readonly checkedAt?: string;
  readonly activeBlockIds: readonly string[];
  readonly lifted: ReadonlyArray<{ readonly blockId: string; readonly by: string; readonly recordId?: string }>;
  /** policy-se.md §7 `se.yttreSparr.overridable` was true for this flow; absent: outer blocks were absolute. */
  readonly yttreOverridable?: true;
}

/** One folded transformation row of an entry: `count` changes of this kind at this path. */
export interface EntryTransformation {
  readonly path: string;
  readonly action: string;
  readonly reason: string;
  readonly count: number;
}

/** `approvedBy` is a staff reference (api.md §1.1); the justification itself is never logged. */
export interface DecisionOverride {
  readonly code: string;
  readonly approverRole: string;
  readonly approvedBy: string;
  /** `sha-256=:<base64>:` of the justification's UTF-8 bytes. */
  readonly justificationDigest: string;
}

export interface DecisionEntry extends PatientScoped {
  readonly type: typeof DECISION_ENTRY_TYPE;
  readonly decision: DecisionDetail;
}

/** A record entry carries the record as stored (identifiers only as pseudonyms). */
export interface RecordEntry extends PatientScoped {
  readonly type: 'record.patient.registered' | 'record.ndop.checked';
  readonly record: { readonly [field: string]: JsonValue };
}

export interface ConsentEntry extends PatientScoped {
  readonly type: (typeof CONSENT_ENTRY_TYPES)[number];
  readonly record: { readonly consentId: string; readonly [field: string]: JsonValue };
}

export interface ObjectionEntry extends PatientScoped {
  readonly type: (typeof OBJECTION_ENTRY_TYPES)[number];
  readonly record: { readonly objectionId: string; readonly [field: string]: JsonValue };
}

/**
 * policy-uk.md §9.8: `placed` carries the restriction as recorded, `lifted` the lift (its id, when,
 * by whom, why, when the patient was told). Neither holds free text.
 */
export interface RestrictionEntry extends PatientScoped {
  readonly type: (typeof RESTRICTION_ENTRY_TYPES)[number];
  readonly record: { readonly restrictionId: string; readonly [field: string]: JsonValue };
}

/**
 * reviews.md §6: a notification opened (a follower of the record change that caused it, in the
 * same transaction) or closed. `releases` are the entry ids of the affected decisions, oldest first.
 */
export interface NotificationEntry extends PatientScoped {
  readonly type: (typeof NOTIFICATION_ENTRY_TYPES)[number];
  readonly notification: {
    readonly notificationId: string;
    readonly recipientId: string;
    readonly trigger: string;
    readonly status: string;
    readonly releases: readonly string[];
    readonly reasonCode?: string;
  };
}

/** reviews.md §4: the patient's records were erased; the tombstone keeps this entry's receipt. */
export interface ErasureEntry extends PatientScoped {
  readonly type: 'record.patient.erased';
  readonly record: { readonly grounds: string; readonly at: string; readonly recordedBy: string };
}

/** The query of an audit read: its filters, never its results. */
export interface AuditReadEntry extends EntryCommon {
  readonly type: 'audit.read';
  readonly query: { readonly [filter: string]: JsonValue };
}

export interface AdminClientEntry extends EntryCommon {
  readonly type: 'admin.client.changed';
  readonly change: {
    readonly client: {
      readonly clientId: string;
      readonly scopes: readonly string[];
      readonly status: string;
      /** PERSON clients only (systems omit both). */
      readonly kind?: string;
      readonly displayRole?: string;
      /** RFC 7638 thumbprints of the registered public keys, never the keys. */
      readonly keys: readonly {
        readonly kid: string;
        readonly status: 'ACTIVE' | 'REVOKED';
        readonly thumbprint: string;
      }[];
    };
    /** Bootstrap only: the organisation created together with its first admin client. */
    readonly organisation?: { readonly org: string; readonly patientLogs: number };
  };
}

export interface AdminKeyEntry extends EntryCommon {
  readonly type: 'admin.key.revoked';
  readonly change: { readonly key: { readonly clientId: string; readonly kid: string } };
}

export interface AdminRecipientEntry extends EntryCommon {
  readonly type: 'admin.recipient.changed';
  readonly change: {
    readonly recipient: {
      readonly recipientId: string;
      readonly category: string;
      readonly odsCode?: string;
      readonly payerId?: string;
      readonly regulator?: string;
      readonly registry?: string;
      readonly s251Ref?: string;
      readonly ndopExempt?: boolean;
      /** policy-se.md §2: a Swedish recipient's identifiers and the attributes its gates read. */
      readonly hsaId?: string;
      readonly orgNr?: string;
      readonly authority?: string;
      readonly register?: string;
      readonly sjfParticipant?: boolean;
      readonly employerAgreement?: { readonly ref: string; readonly validFrom: string; readonly validTo?: string };
    };
  };
}

/** A review case opened (reviews.md §1): by the gatekeeper with a decision, or by records staff (CONTEST). */
export interface ReviewOpenedEntry extends PatientScoped {
  readonly type: 'review.opened';
  readonly review: {
    readonly reviewId: string;
    readonly kind: 'REFER' | 'RETROSPECTIVE' | 'CONTEST';
    /** The id of the decision entry under review. */
    readonly decisionEntryId: string;
    readonly dueAt: string;
    readonly subjectDigest?: string;
    /** CONTEST: the digest of the patient's grounds; the text is kept with the case only. */
    readonly groundsDigest?: string;
  };
}

/** A review case closed by a reviewer (reviews.md §6); justification and conditions as digests only. */
export interface ReviewDecidedEntry extends PatientScoped {
  readonly type: 'review.decided';
  readonly review: {
    readonly reviewId: string;
    readonly kind: 'REFER' | 'RETROSPECTIVE' | 'CONTEST';
    readonly outcome: string;
    readonly role: string;
    readonly justificationDigest: string;
    readonly conditionsDigest?: string;
    readonly decisionEntryId: string;
    /** Obligations the outcome adds to the case (REPORT_INCIDENT for NOT_UPHELD). */
    readonly obligations?: readonly string[];
  };
}

export type ReviewEntry = ReviewOpenedEntry | ReviewDecidedEntry;

export interface SwedishRecordEntry extends PatientScoped {
  readonly type: (typeof SE_RECORD_ENTRY_TYPES)[number];
  readonly record: { readonly [field: string]: JsonValue };
}

/** Entries that record a change to a patient's records. */
export type RecordsChangeEntry =
  RecordEntry | ConsentEntry | ObjectionEntry | RestrictionEntry | ErasureEntry | SwedishRecordEntry;
/** Entries that record an administrative change to the registry. */
export type AdminEntry = AdminClientEntry | AdminKeyEntry | AdminRecipientEntry;

export type AuditEntry =
  DecisionEntry | RecordsChangeEntry | AuditReadEntry | AdminEntry | ReviewEntry | NotificationEntry;

/** audit.md §2: an entry's size is bounded by the catalogue, never by the payload. */
export const MAX_ENTRY_BYTES = 16 * 1024;

/**
 * The bytes of an entry about to be appended: its JCS form, refused (422, before anything is
 * written) when larger than MAX_ENTRY_BYTES. Every writer goes through here, so the bound holds for
 * every entry type in one place.
 */
export function boundedEntryBytes(entry: AuditEntry): Uint8Array {
  const bytes = canonicalBytes(entry);
  if (bytes.byteLength > MAX_ENTRY_BYTES) throw new EntryTooLargeError(MAX_ENTRY_BYTES);
  return bytes;
}

/**
 * The entry's bytes: UTF-8 of its JCS form. Nulls and non-integer numbers are refused rather than
 * serialised, because audit.md §2 says none occur and other JCS implementations disagree on them.
 */
export function entryBytes(entry: AuditEntry): Uint8Array {
  assertEntryValue(entry, '$');
  return canonicalBytes(entry);
}

export function assertEntryValue(value: unknown, path: string): void {
  if (value === null) throw new AuditEntryInvalidError(`${path} is null; absent fields are omitted`);
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new AuditEntryInvalidError(`${path} is not a safe integer`);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return;
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => assertEntryValue(item, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new AuditEntryInvalidError(`${path} is not a JSON value`);
  }
  for (const [key, item] of Object.entries(value)) if (item !== undefined) assertEntryValue(item, `${path}.${key}`);
}

/** Which of the org's P patient logs holds this patient: SHA-256("gk1|org|patientId")[0..4] mod P. */
export function patientLogIndex(org: string, patientId: string, logCount: number): number {
  if (!Number.isSafeInteger(logCount) || logCount < 1)
    throw new OriginInvalidError('An org has at least one patient log');
  const digest = sha256(utf8(`gk1|${org}|${patientId}`));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false) % logCount;
}

/** `<deployment>/<org>/<log>` where log is `p<n>` for a patient log or `org`. */
export function originOf(deployment: string, org: string, log: number | 'org'): string {
  for (const part of [deployment, org]) {
    if (part === '' || /[\s+/\p{Cc}]/u.test(part))
      throw new OriginInvalidError('Origin parts are non-empty, without spaces, "+" or "/"');
  }
  if (log !== 'org' && (!Number.isSafeInteger(log) || log < 0))
    throw new OriginInvalidError('A patient log number is a natural number');
  return `${deployment}/${org}/${log === 'org' ? 'org' : `p${log}`}`;
}
