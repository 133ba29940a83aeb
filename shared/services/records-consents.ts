/**
 * Consents as patient records (api.md §4.2): given or declined, then possibly withdrawn, never
 * deleted. Both writes are idempotent on the consent id: a retry answers with the first entry's
 * receipt, the same id with other content is a 409. A withdrawal is a notification trigger
 * (reviews.md §3), so recipients of releases it covered are told.
 */
import { canonicalize } from '../canonical-json.ts';
import type { Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { Consent } from '../records/model.ts';
import type { AddConsentBody, WithdrawConsentBody } from '../schemas/records.ts';
import {
  idempotencyConflict,
  requireReceipt,
  requireRecord,
  storedReceipt,
  withdrawalTooEarly,
} from './records-checks.ts';
import { consentForEntry, withoutWithdrawal } from './records-entries.ts';
import { openedBy } from './records-triggers.ts';
import { recordChange, type Step } from './records-writer.ts';

export interface ConsentAnswer {
  readonly consent: Consent;
  readonly receipt: Receipt;
}

export interface ConsentWithdrawalAnswer extends ConsentAnswer {
  readonly notifications: readonly Notification[];
}

export function consentOf(body: AddConsentBody): Consent {
  return {
    consentId: body.consentId,
    scope: body.scope,
    ...(body.recipientId !== undefined ? { recipientId: body.recipientId } : {}),
    ...(body.episodeId !== undefined ? { episodeId: body.episodeId } : {}),
    status: body.status,
    form: body.form,
    evidenceRef: body.evidenceRef,
    capturedBy: body.capturedBy,
    at: body.at,
    ...(body.expiresAt !== undefined ? { expiresAt: body.expiresAt } : {}),
    ...(body.recordsFrom !== undefined ? { recordsFrom: body.recordsFrom } : {}),
    ...(body.recordsTo !== undefined ? { recordsTo: body.recordsTo } : {}),
    ...(body.seeBeforeRelease !== undefined ? { seeBeforeRelease: body.seeBeforeRelease } : {}),
    // policy-se.md §9: the unit a SE_SAMTYCKE_HAVNING lifts; checkSwedishConsent refuses it elsewhere.
    ...(body.careUnitId !== undefined ? { careUnitId: body.careUnitId } : {}),
  };
}

export function planConsent(snapshot: RecordsSnapshotWithReceipts, consent: Consent): Step<ConsentAnswer> {
  const existing = snapshot.consents.find((c) => c.consentId === consent.consentId);
  if (existing) {
    if (canonicalize(withoutWithdrawal(existing)) !== canonicalize(consent)) throw idempotencyConflict('consent');
    const receipt = requireReceipt(snapshot.consentReceipts.get(consent.consentId));
    return { done: { consent: existing, receipt } };
  }
  const type = consent.status === 'GIVEN' ? 'record.consent.given' : 'record.consent.declined';
  return recordChange(
    { type, record: consentForEntry(consent) },
    { kind: 'CONSENT', id: consent.consentId, mode: 'add', record: consent },
    (receipt) => ({ consent, receipt }),
  );
}

/** Idempotent: withdrawing a withdrawn consent answers with the first withdrawal and its receipt. */
export function planConsentWithdrawal(
  snapshot: RecordsSnapshotWithReceipts,
  consentId: string,
  body: WithdrawConsentBody,
): Step<ConsentWithdrawalAnswer> {
  const existing = requireRecord(
    snapshot.consents.find((c) => c.consentId === consentId),
    'consent',
  );
  if (existing.withdrawn) {
    const receipt = storedReceipt(snapshot.consentWithdrawalReceipts, consentId);
    return { done: { consent: existing, receipt, notifications: openedBy(snapshot, receipt) } };
  }
  if (body.at < existing.at) throw withdrawalTooEarly();
  const consent: Consent = {
    ...existing,
    withdrawn: {
      at: body.at,
      recordedBy: body.recordedBy,
      ...(body.reason !== undefined && body.reason !== '' ? { reason: body.reason } : {}),
    },
  };
  return recordChange(
    { type: 'record.consent.withdrawn', record: consentForEntry(consent) },
    { kind: 'CONSENT', id: consentId, mode: 'withdraw', record: consent },
    (receipt, notifications) => ({ consent, receipt, notifications }),
    { trigger: 'CONSENT_WITHDRAWN', consentId },
  );
}
