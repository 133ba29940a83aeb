/**
 * The answers of `patient restrict`, `lift-restriction` and `erase` as readable reports (policy-uk.md
 * §9.8, reviews.md §4): what was recorded, its receipt, and the notifications to earlier recipients
 * it opened. `--json` prints the answer as the API gave it instead.
 */
import { openedSection, receiptText, type NotificationRow, type Receipt } from './notification-report.ts';

interface RestrictionAnswer {
  readonly restriction: {
    readonly restrictionId: string;
    readonly ground: string;
    readonly objectionId?: string;
    readonly episodeIds?: readonly string[];
    readonly requestedBy: string;
    readonly at: string;
    readonly recordedBy: string;
    readonly liftedAt?: string;
    readonly liftedBy?: string;
    readonly liftReason?: string;
    readonly patientInformedAt?: string;
  };
  readonly receipt: Receipt;
  readonly notifications?: readonly NotificationRow[];
}

interface ErasureAnswer {
  readonly patientId: string;
  readonly erasedAt: string;
  readonly receipt: Receipt;
  readonly notifications: readonly NotificationRow[];
}

/** A restriction placed or lifted: the record, and on placement who must now be told. */
export function formatRestriction(patientId: string, answer: RestrictionAnswer): string {
  const r = answer.restriction;
  return [
    `Restriction  ${r.restrictionId} (${r.ground})${r.liftedAt ? ' LIFTED' : ' IN FORCE'}`,
    `Patient      ${patientId}`,
    `Placed       ${r.at} by ${r.recordedBy}, requested by ${r.requestedBy}`,
    `Covers       ${r.episodeIds ? `episodes ${r.episodeIds.join(', ')}` : 'all of the patient’s data'}`,
    ...(r.objectionId ? [`Objection    ${r.objectionId}`] : []),
    ...(r.liftedAt
      ? [
          `Lifted       ${r.liftedAt} by ${r.liftedBy ?? '?'} (${r.liftReason ?? '?'})`,
          `Informed     ${r.patientInformedAt ?? '?'} (the patient was told before the lift, Art 18(3))`,
        ]
      : []),
    `Receipt      ${receiptText(answer.receipt)}`,
    ...(answer.notifications !== undefined ? openedSection(answer.notifications) : []),
  ].join('\n');
}

/** An erasure: the tombstone's time and receipt, and who must now be told (Art 17, Art 19). */
export function formatErasure(answer: ErasureAnswer): string {
  return [
    `Erased       ${answer.patientId} at ${answer.erasedAt}`,
    `Receipt      ${receiptText(answer.receipt)}`,
    'Kept         the audit log and these notifications; later decisions are DENY_PATIENT_ERASED',
    ...openedSection(answer.notifications),
  ].join('\n');
}

/** The readable report of `action`'s answer, or undefined where the action prints JSON. */
export function patientReport(action: string, patientId: string, body: unknown): string | undefined {
  if (action === 'restrict' || action === 'lift-restriction')
    return formatRestriction(patientId, body as RestrictionAnswer);
  if (action === 'erase') return formatErasure(body as ErasureAnswer);
  return undefined;
}
