import { sha256Digest } from '../canonical-json.ts';
import type { Decision } from '../policy/engine.ts';
import { catalogueRowPaths, foldTransformations } from '../policy/fold.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { DecisionBasis, DecisionEntry } from '../audit/entry.ts';
import { coveringRestrictions } from '../records/restriction-cover.ts';
import type { EntryHeader } from './audit-entries.ts';

/**
 * The `disclosure.decision` entry (audit.md §2). It commits to the released payload by digest only;
 * the payload, identifiers in clear, names and free text never enter the log. Every string in it is
 * an id of api.md §1.1, a code, a catalogue path or a digest: transformations are folded to the
 * catalogue and an override's justification is logged as its digest. JCS entries carry no nulls,
 * so absent values are omitted rather than written as null.
 */
export function decisionEntry(input: {
  header: EntryHeader<DecisionEntry['type']>;
  request: DisclosureRequest;
  recipient: Recipient | undefined;
  snapshot: PatientRecordsSnapshot;
  decision: Decision;
  payloadDigest: string | undefined;
  policy: LoadedPolicy;
  rawBodyDigest: string;
  subjectDigest?: string | undefined;
  /** The review case the decision used or points to (reviews.md §6). */
  reviewId?: string | undefined;
}): DecisionEntry {
  const { header, request, recipient, snapshot, decision, policy } = input;
  const nationalKey = snapshot.identifiers[0]?.key;
  return withoutNulls({
    ...header,
    patient: { ref: request.patientId, key: nationalKey },
    request: { requestId: request.requestId, digest: input.rawBodyDigest, subjectDigest: input.subjectDigest },
    records: { version: snapshot.version },
    decision: {
      outcome: decision.decision,
      reasonCodes: decision.reasonCodes,
      obligations: decision.obligations,
      basis: basisForEntry(decision.basis),
      flow: decision.flow ?? undefined,
      recipient: { id: request.recipientId, category: recipient?.category },
      purpose: request.purpose,
      subPurpose: request.subPurpose,
      jurisdiction: request.jurisdiction,
      episodeId: request.episode.id,
      transformations: foldTransformations(decision.transformations, catalogueRowPaths(policy.document)),
      payloadDigest: input.payloadDigest,
      policy: { id: policy.id, version: policy.version, digest: policy.digest },
      override: overrideForEntry(request.override),
      matter: request.matter ? { ref: request.matter.ref } : undefined,
      reviewId: input.reviewId,
      restrictions: restrictionsForEntry(snapshot, request, Date.parse(header.time)),
      sparr: decision.sparr,
    },
  });
}

/** The restrictions covering the request at the decision's time, as the gate saw them; none: omitted. */
function restrictionsForEntry(snapshot: PatientRecordsSnapshot, request: DisclosureRequest, now: number) {
  const covering = coveringRestrictions(snapshot.restrictions, request.episode.id, now);
  return covering.length === 0 ? undefined : covering.map((r) => ({ id: r.restrictionId, ground: r.ground }));
}

/** The legal basis as logged: a paragraph that does not apply is omitted, not null. */
function basisForEntry(basis: Decision['basis']): DecisionBasis | undefined {
  if (!basis) return undefined;
  if (!('dpaSch1Para' in basis)) return { ...basis };
  const { dpaSch1Para, ...rest } = basis;
  return { ...rest, ...(dpaSch1Para !== null ? { dpaSch1Para } : {}) };
}

/** Who approved an override and a digest of why; the justification text itself is never logged. */
function overrideForEntry(override: DisclosureRequest['override']) {
  if (!override) return undefined;
  const { code, approverRole, approvedBy, justification } = override;
  return { code, approverRole, approvedBy, justificationDigest: sha256Digest(justification) };
}

/** T with null taken out of every member's type, as `withoutNulls` takes it out of the value. */
export type WithoutNulls<T> = T extends readonly (infer Item)[]
  ? readonly WithoutNulls<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: WithoutNulls<Exclude<T[K], null>> }
    : T;

/** Drops null and undefined members recursively (audit entries have no nulls). */
export function withoutNulls<T>(value: T): WithoutNulls<T> {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulls(item)) as WithoutNulls<T>;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, inner]) => inner !== null && inner !== undefined);
    return Object.fromEntries(entries.map(([key, inner]) => [key, withoutNulls(inner)])) as WithoutNulls<T>;
  }
  return value as WithoutNulls<T>;
}
