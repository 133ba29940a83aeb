/**
 * Restriction of processing as a patient record (policy-uk.md §9.3.1, §9.8): placed and lifted
 * through the records writer, so each change commits with its entry and the version bump, and no
 * decision logged after the entry can ignore it. Both are idempotent on the restriction id.
 */
import { canonicalize } from '../canonical-json.ts';
import { NotFoundError, ValidationFailedError } from '../errors.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { Restriction } from '../records/model.ts';
import type { RestrictionEntry } from '../audit/entry.ts';
import type { LiftRestrictionBody, PlaceRestrictionBody } from '../schemas/records.ts';
import { IdempotencyConflictError } from './errors.ts';
import { instantAsRecorded, recordedInstant } from './records-checks.ts';
import { recordChange, type Step } from './records-writer.ts';
import { openedBy } from './records-triggers.ts';
import type { Notification } from '../notifications/model.ts';

export interface RestrictionAnswer {
  readonly restriction: Restriction;
  readonly receipt: Receipt;
}

export function restrictionOf(body: PlaceRestrictionBody): Restriction {
  return {
    restrictionId: body.restrictionId,
    ground: body.ground,
    ...(body.objectionId !== undefined ? { objectionId: body.objectionId } : {}),
    ...(body.episodeIds !== undefined ? { episodeIds: body.episodeIds } : {}),
    requestedBy: body.requestedBy,
    at: body.at,
    recordedBy: body.recordedBy,
  };
}

export interface PlacementAnswer extends RestrictionAnswer {
  /** Art 19: a notification per earlier recipient of the restricted data (policy-uk.md §9.3.3). */
  readonly notifications: readonly Notification[];
}

/**
 * The place step: answered from the record on an identical retry, refused on another body with the
 * same id, and refused with an `at` too far ahead of `nowMs` (the gatekeeper's clock); one a
 * caller's clock skew ahead is recorded at `nowMs`.
 */
export function planPlacement(
  snapshot: RecordsSnapshotWithReceipts,
  sent: Restriction,
  nowMs: number,
): Step<PlacementAnswer> {
  const existing = snapshot.restrictions.find((r) => r.restrictionId === sent.restrictionId);
  if (existing) {
    if (canonicalize(placedPart(existing)) !== canonicalize({ ...sent, at: instantAsRecorded(sent.at, existing.at) }))
      throw new IdempotencyConflictError('This restriction id was already recorded with different content');
    const receipt = receiptOf(snapshot.restrictionReceipts, existing);
    return { done: { restriction: existing, receipt, notifications: openedBy(snapshot, receipt) } };
  }
  const restriction: Restriction = { ...sent, at: recordedInstant('at', sent.at, nowMs) };
  if (
    restriction.objectionId !== undefined &&
    !snapshot.objections.some((o) => o.objectionId === restriction.objectionId)
  )
    throw new ValidationFailedError([
      { path: 'objectionId', code: 'OBJECTION_UNKNOWN', message: 'is not an objection of this patient' },
    ]);
  return recordChange(
    { type: 'record.restriction.placed', record: placedForEntry(restriction) },
    { kind: 'RESTRICTION', id: restriction.restrictionId, mode: 'add', record: restriction },
    (receipt, notifications) => ({ restriction, receipt, notifications }),
    {
      trigger: 'RESTRICTION_PLACED',
      ...(restriction.episodeIds !== undefined ? { episodeIds: restriction.episodeIds } : {}),
    },
  );
}

/**
 * The lift step (Art 18(3)): after the restriction's own time and not after `nowMs` (beyond a
 * caller's clock skew, recorded at `nowMs`), once; the same lift again answers as before.
 */
export function planLift(
  snapshot: RecordsSnapshotWithReceipts,
  restrictionId: string,
  body: LiftRestrictionBody,
  nowMs: number,
): Step<RestrictionAnswer> {
  const existing = snapshot.restrictions.find((r) => r.restrictionId === restrictionId);
  if (!existing) throw new NotFoundError('No such restriction');
  const liftAt = (at: string) => ({
    liftedAt: at,
    liftedBy: body.recordedBy,
    liftReason: body.reason,
    patientInformedAt: body.patientInformedAt,
  });
  if (existing.liftedAt !== undefined) {
    if (canonicalize(liftPart(existing)) !== canonicalize(liftAt(instantAsRecorded(body.at, existing.liftedAt))))
      throw new IdempotencyConflictError('This restriction was already lifted with different content');
    return { done: { restriction: existing, receipt: receiptOf(snapshot.restrictionLiftReceipts, existing) } };
  }
  if (body.at < existing.at)
    throw new ValidationFailedError([
      { path: 'at', code: 'LIFT_BEFORE_RESTRICTION', message: 'must not be before the restriction it lifts' },
    ]);
  const at = recordedInstant('at', body.at, nowMs);
  const restriction: Restriction = { ...existing, ...liftAt(at) };
  const record = {
    restrictionId,
    at,
    recordedBy: body.recordedBy,
    reason: body.reason,
    patientInformedAt: body.patientInformedAt,
  };
  return recordChange(
    { type: 'record.restriction.lifted', record },
    { kind: 'RESTRICTION', id: restrictionId, mode: 'withdraw', record: restriction },
    (receipt) => ({ restriction, receipt }),
  );
}

/** The restriction as the placed entry holds it: ids, codes and instants (it takes no free text). */
function placedForEntry(restriction: Restriction): RestrictionEntry['record'] {
  const { episodeIds, ...rest } = placedPart(restriction);
  return { ...rest, ...(episodeIds !== undefined ? { episodeIds: [...episodeIds] } : {}) };
}

function placedPart(restriction: Restriction): Restriction {
  const { liftedAt: _at, liftedBy: _by, liftReason: _reason, patientInformedAt: _informed, ...placed } = restriction;
  return placed;
}

function liftPart(restriction: Restriction) {
  const { liftedAt, liftedBy, liftReason, patientInformedAt } = restriction;
  return { liftedAt, liftedBy, liftReason, patientInformedAt };
}

function receiptOf(receipts: ReadonlyMap<string, Receipt>, restriction: Restriction): Receipt {
  const receipt = receipts.get(restriction.restrictionId);
  // Every record is written together with its entry's receipt; a record without one is corrupt.
  if (!receipt) throw new Error('A stored restriction has no receipt');
  return receipt;
}
