/**
 * The National Data Opt-out result (PUT …/ndop, api.md §4.2; the gate is step 8 of policy-uk.md §2): the latest check wins. A result
 * checked before the one on record is refused, so a delayed "not opted out" can never overwrite a
 * newer opt-out; the same result again answers with its first entry's receipt.
 */
import { ValidationFailedError } from '../errors.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { NdopResult } from '../records/model.ts';
import type { PutNdopBody } from '../schemas/records.ts';
import type { Step } from './records-writer.ts';

export interface NdopAnswer {
  readonly ndop: NdopResult;
  readonly version: number;
  readonly receipt: Receipt;
}

export function planNdop(
  snapshot: RecordsSnapshotWithReceipts,
  patientId: string,
  body: PutNdopBody,
): Step<NdopAnswer> {
  const ndop: NdopResult = { status: body.status, checkedAt: body.checkedAt };
  if (snapshot.ndop && ndop.checkedAt < snapshot.ndop.checkedAt) {
    throw new ValidationFailedError([
      {
        path: 'checkedAt',
        code: 'NDOP_OLDER_THAN_RECORDED',
        message: 'a later National Data Opt-out result is already recorded',
      },
    ]);
  }
  if (snapshot.ndopReceipt && snapshot.ndop?.status === ndop.status && snapshot.ndop.checkedAt === ndop.checkedAt) {
    return { done: { ndop, version: snapshot.version, receipt: snapshot.ndopReceipt } };
  }
  return {
    body: { type: 'record.ndop.checked', record: { ...ndop } },
    requestId: patientId,
    set: { ndop },
    metaReceipt: 'ndopReceipt',
    result: (receipt, version) => ({ ndop, version, receipt }),
  };
}
