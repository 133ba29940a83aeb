/**
 * Erasure (UK GDPR Art 17; reviews.md §4): the patient's records (identifier keys, consents,
 * objections, restrictions, NDOP result; the Swedish blocks, care relations, registerutdrag, spärr
 * check and employers of policy-se.md §2) leave the records store in one audited change; a
 * tombstone keeps the patient id and the erasure's receipt, so later decisions are denied
 * (DENY_PATIENT_ERASED). The audit log is kept (Art 17(3)(b)), and so are the notifications, which
 * are the provider's record of whom it told (Art 19). Recipients of earlier releases are notified
 * (trigger ERASED) in the same transaction.
 */
import type { Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts, RecordWrite } from '../ports/records-store.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import type { ErasePatientBody } from '../schemas/records.ts';
import { NotFoundError } from '../errors.ts';
import { openedBy } from './records-triggers.ts';
import type { Step } from './records-writer.ts';

export interface ErasureAnswer {
  readonly patientId: string;
  readonly erasedAt: string;
  readonly receipt: Receipt;
  readonly notifications: readonly Notification[];
}

function planErasure(
  snapshot: RecordsSnapshotWithReceipts,
  patientId: string,
  body: ErasePatientBody,
): Step<ErasureAnswer> {
  // Erasing an erased patient changes nothing: the first erasure's answer stands.
  if (snapshot.erased) {
    const { receipt, at } = snapshot.erased;
    return { done: { patientId, erasedAt: at, receipt, notifications: openedBy(snapshot, receipt) } };
  }
  const deletions: Array<Omit<RecordWrite, 'receipt'>> = [
    ...snapshot.consents.map((record) => ({
      kind: 'CONSENT' as const,
      id: record.consentId,
      mode: 'delete' as const,
      record,
    })),
    ...snapshot.objections.map((record) => ({
      kind: 'OBJECTION' as const,
      id: record.objectionId,
      mode: 'delete' as const,
      record,
    })),
    ...snapshot.restrictions.map((record) => ({
      kind: 'RESTRICTION' as const,
      id: record.restrictionId,
      mode: 'delete' as const,
      record,
    })),
    ...swedishDeletions(snapshot),
  ];
  return {
    body: {
      type: 'record.patient.erased',
      record: { grounds: body.grounds, at: body.at, recordedBy: body.recordedBy },
    },
    requestId: body.requestId,
    set: {
      identifiers: [],
      registeredGpOds: null,
      ndop: null,
      erased: { at: body.at, grounds: body.grounds },
      ...(snapshot.sparrCheck ? { sparrCheck: null } : {}),
      ...(snapshot.employerRecipientIds?.length ? { employerRecipientIds: [] } : {}),
    },
    metaReceipt: 'erasureReceipt',
    recordWrites: deletions,
    notify: { trigger: 'ERASED' },
    result: (receipt, _version, notifications) => ({ patientId, erasedAt: body.at, receipt, notifications }),
  };
}

/** The Swedish record items (policy-se.md §2): a block says which unit's data the patient hides, so it goes too. */
function swedishDeletions(snapshot: RecordsSnapshotWithReceipts): Array<Omit<RecordWrite, 'receipt'>> {
  return [
    ...(snapshot.blocks ?? []).map((record) => ({ kind: 'BLOCK' as const, id: record.blockId, record })),
    ...(snapshot.careRelations ?? []).map((record) => ({
      kind: 'CARE_RELATION' as const,
      id: record.relationId,
      record,
    })),
    ...(snapshot.registerutdrag ?? []).map((record) => ({
      kind: 'REGISTERUTDRAG' as const,
      id: record.utdragId,
      record,
    })),
  ].map((write) => ({ ...write, mode: 'delete' as const }));
}

/**
 * The erasure of a registered patient, with the free text of the patient's review cases removed in
 * the same transaction: the cases keep their log entries but lose their text (reviews.md §4).
 */
export async function planErasureWithReviews(
  snapshot: RecordsSnapshotWithReceipts,
  patientId: string,
  body: ErasePatientBody,
  { org, reviews }: { readonly org: string; readonly reviews: ReviewStore | undefined },
): Promise<Step<ErasureAnswer>> {
  if (snapshot.version === 0) throw new NotFoundError('No such patient');
  const step = planErasure(snapshot, patientId, body);
  if ('done' in step) return step;
  const withText = reviews
    ? (await reviews.list(org)).filter(
        (review) => review.patientId === patientId && (review.justification ?? review.conditions ?? review.grounds),
      )
    : [];
  return withText.length > 0 && reviews ? { ...step, alsoWrites: withText.map((r) => reviews.eraseText(r)) } : step;
}
