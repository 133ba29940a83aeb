/**
 * One audited write of a Swedish record (policy-se.md §9), the same shape as every records write:
 * read one snapshot, plan, append the entry together with the version bump (conditional on the
 * version read) and the record item, re-plan from the new state on a lost race. Idempotent retries
 * are answered by `plan` from the state it reads.
 */
import type { SwedishRecordEntry } from '../audit/entry.ts';
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type {
  RecordsMetaChange,
  RecordsSnapshotWithReceipts,
  RecordsStore,
  RecordWrite,
} from '../ports/records-store.ts';
import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { RegistryStore } from '../registry/model.ts';
import { entryHeader, patientLogOrigin } from './audit-entries.ts';
import { runAuditedChange } from './audited-change.ts';
import { VersionConflictError } from './errors.ts';
import { patientIndexKey } from './records-keys.ts';
import type { Caller } from './records-service.ts';

export interface SwedishRecordsDeps {
  readonly records: RecordsStore;
  readonly registry: RegistryStore;
  readonly audit: AuditLog;
  readonly pseudonymiser: Pseudonymiser;
  readonly clock: Clock;
  readonly deployment: string;
}

export type SwedishStep<R> =
  | { readonly done: R }
  | {
      readonly type: SwedishRecordEntry['type'];
      readonly record: SwedishRecordEntry['record'];
      readonly requestId: string;
      readonly set?: RecordsMetaChange;
      readonly recordWrite?: Omit<RecordWrite, 'receipt'>;
      /** Set in META with the entry's receipt, so an identical retry answers with it. */
      readonly metaReceipt?: 'sparrCheckReceipt';
      readonly result: (receipt: Receipt, version: number) => R;
    };

const MAX_ATTEMPTS = 8;

export async function writeSwedishRecord<R>(
  deps: SwedishRecordsDeps,
  caller: Caller,
  patientId: string,
  rawBodyDigest: string,
  plan: (snapshot: RecordsSnapshotWithReceipts) => SwedishStep<R>,
): Promise<R> {
  const { org } = caller;
  const organisation = await deps.registry.getOrganisation(org);
  if (!organisation) throw new Error('The caller organisation is not registered');
  const origin = patientLogOrigin(deps.deployment, org, patientId, organisation.patientLogs);
  const indexKey = await patientIndexKey(deps.pseudonymiser, org, patientId);
  return runAuditedChange(deps.audit, {
    maxAttempts: MAX_ATTEMPTS,
    read: () => deps.records.read(org, patientId),
    plan: (snapshot) => {
      const step = plan(snapshot);
      if ('done' in step) return step;
      const version = snapshot.version + 1;
      const key = snapshot.identifiers[0]?.key;
      const entry: SwedishRecordEntry = {
        ...entryHeader({ origin, type: step.type, org, actor: caller, clock: deps.clock }),
        patient: { ref: patientId, ...(key ? { key } : {}) },
        request: { requestId: step.requestId, digest: rawBodyDigest },
        records: { version },
        record: step.record,
      };
      const atomicWith = (receipt: Receipt) =>
        deps.records.change(
          org,
          patientId,
          snapshot.version,
          { ...step.set, ...(step.metaReceipt ? { [step.metaReceipt]: receipt } : {}) },
          step.recordWrite && { ...step.recordWrite, receipt },
        );
      return {
        append: { origin, entry, patientIndexKey: indexKey, atomicWith },
        answer: (receipt: Receipt) => step.result(receipt, version),
      };
    },
    exhausted: () => new VersionConflictError("The patient's records kept changing; read them again and retry"),
  });
}
