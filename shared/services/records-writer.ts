import type { AtomicWrite, AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type {
  RecordsMetaChange,
  RecordsSnapshotWithReceipts,
  RecordsStore,
  RecordWrite,
} from '../ports/records-store.ts';
import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { RegistryStore } from '../registry/model.ts';
import type { NotificationEntry, RecordsChangeEntry } from '../audit/entry.ts';
import { entryHeader, patientLogOrigin, type Actor, type EntryBody } from './audit-entries.ts';
import { runAuditedChange, type ChangePlan } from './audited-change.ts';
import { VersionConflictError } from './errors.ts';
import { patientIndexKey } from './records-keys.ts';
import { KeyedSerialiser } from './records-serialiser.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Notification } from '../notifications/model.ts';
import { openNotifications, type Opening } from '../notifications/open.ts';
import { planNotifications, type TriggerEvent } from '../notifications/plan.ts';
import { patientReleases } from '../notifications/releases.ts';
import { holdReleasesFor } from '../notifications/release-hold.ts';
import { patientDueDays, type NotificationTermsDeps } from './notification-terms.ts';

/** A notification record written beside the change that opens it; its receipt is the change's. */
function notificationWrite(notification: Notification): RecordWrite {
  return {
    kind: 'NOTIFICATION',
    id: notification.notificationId,
    mode: 'add',
    record: notification,
    receipt: notification.triggerEntry,
  };
}

/** Bounded optimistic retries against writers in other processes (in-process writers queue). */
const MAX_ATTEMPTS = 8;

export interface Caller extends Actor {
  readonly org: string;
}

/** `packs` and `notificationDueDays` (NotificationTermsDeps) set when the notifications a trigger opens are due. */
export interface RecordsWriterDeps extends NotificationTermsDeps {
  readonly records: RecordsStore;
  readonly registry: RegistryStore;
  readonly audit: AuditLog;
  readonly search: AuditSearch;
  readonly pseudonymiser: Pseudonymiser;
  readonly clock: Clock;
  readonly deployment: string;
}

/** What one write does to the snapshot it read, or the answer when it has nothing left to do. */
export type Step<R> =
  | { readonly done: R }
  | {
      /** The entry's type with its record (or the notification it closes), as the entry carries it. */
      readonly body: EntryBody<RecordsChangeEntry, 'record'> | EntryBody<NotificationEntry, 'notification'>;
      readonly requestId: string;
      readonly set?: RecordsMetaChange;
      /** The META attribute that keeps this entry's receipt, for answering identical retries. */
      readonly metaReceipt?: 'registrationReceipt' | 'ndopReceipt' | 'erasureReceipt';
      /** The patient's national identifier key for the entry, when the write changes it. */
      readonly patientKey?: string;
      /** The record item the change writes, beside META; its receipt is the entry's. */
      readonly recordWrite?: Omit<RecordWrite, 'receipt'>;
      /** Further record items the change writes or deletes (an erasure removes them all). */
      readonly recordWrites?: ReadonlyArray<Omit<RecordWrite, 'receipt'>>;
      /** Writes in other stores that commit with the change (an erasure's review texts). */
      readonly alsoWrites?: readonly AtomicWrite[];
      /** The notification trigger this change is (reviews.md §3), if any. */
      readonly notify?: TriggerEvent;
      readonly result: (receipt: Receipt, version: number, notifications: readonly Notification[]) => R;
    };

export type Plan<R> = (snapshot: RecordsSnapshotWithReceipts) => Step<R> | Promise<Step<R>>;

/** A step that writes one record item with its entry (a consent, objection or restriction, or its end). */
export function recordChange<R>(
  body: EntryBody<RecordsChangeEntry, 'record'>,
  recordWrite: Omit<RecordWrite, 'receipt'>,
  result: (receipt: Receipt, notifications: readonly Notification[]) => R,
  notify?: TriggerEvent,
): Step<R> {
  return {
    body,
    requestId: recordWrite.id,
    recordWrite,
    result: (receipt, _version, notifications) => result(receipt, notifications),
    ...(notify ? { notify } : {}),
  };
}

/**
 * One audited change of a patient's records: read, plan, append the entry with the version bump
 * (conditional on the version read) and the record write. A lost condition means another writer
 * got in first, or this very record was written concurrently: re-reading settles both, because
 * `plan` sees the new state (and answers an idempotent retry from it).
 */
export class RecordsWriter {
  readonly #deps: RecordsWriterDeps;
  readonly #serialiser = new KeyedSerialiser();

  constructor(deps: RecordsWriterDeps) {
    this.#deps = deps;
  }

  async write<R>(caller: Caller, patientId: string, rawBodyDigest: string, plan: Plan<R>): Promise<R> {
    const { org } = caller;
    const [origin, indexKey] = await Promise.all([
      this.#origin(org, patientId),
      patientIndexKey(this.#deps.pseudonymiser, org, patientId),
    ]);
    let notifying = false;
    return this.#serialiser.run(`${org}\u0000${patientId}`, () =>
      runAuditedChange(this.#deps.audit, {
        maxAttempts: MAX_ATTEMPTS,
        read: async (attempt) => {
          // A trigger that lost its commit (most often to a release) holds further releases, so
          // the change that must stop them commits next rather than lose to each one in turn.
          if (attempt > 1 && notifying) await holdReleasesFor(this.#deps, org, patientId);
          return this.#deps.records.read(org, patientId);
        },
        plan: async (snapshot): Promise<ChangePlan<R>> => {
          const step = await plan(snapshot);
          if ('done' in step) return step;
          notifying = step.notify !== undefined;
          const version = snapshot.version + 1;
          const key = step.patientKey ?? snapshot.identifiers[0]?.key;
          const entry: RecordsChangeEntry | NotificationEntry = {
            ...entryHeader({ origin, type: step.body.type, org, actor: caller, clock: this.#deps.clock }),
            patient: { ref: patientId, ...(key ? { key } : {}) },
            request: { requestId: step.requestId, digest: rawBodyDigest },
            records: { version },
            ...step.body,
          };
          const opening = step.notify
            ? await this.#opening(step.notify, snapshot, { origin, indexKey, caller, patientId, entry })
            : undefined;
          const atomicWith = (receipt: Receipt) => {
            const opened = opening?.notifications(receipt) ?? [];
            return [
              ...this.#deps.records.change(
                org,
                patientId,
                snapshot.version,
                { ...step.set, ...(step.metaReceipt ? { [step.metaReceipt]: receipt } : {}) },
                [
                  ...[...(step.recordWrite ? [step.recordWrite] : []), ...(step.recordWrites ?? [])].map((write) => ({
                    ...write,
                    receipt,
                  })),
                  ...opened.map(notificationWrite),
                ],
                opening ? snapshot.releaseCount : undefined,
              ),
              // Each notification is found by its id alone (the close endpoints name no patient).
              ...opened.map((n) => this.#deps.records.notificationIndex(org, n)),
              ...(step.alsoWrites ?? []),
            ];
          };
          return {
            append: {
              origin,
              entry,
              patientIndexKey: indexKey,
              atomicWith,
              ...(opening && opening.entries.length > 0 ? { followers: opening.entries } : {}),
            },
            answer: (receipt) => step.result(receipt, version, opening?.notifications(receipt) ?? []),
          };
        },
        exhausted: () => new VersionConflictError("The patient's records kept changing; read them again and retry"),
      }),
    );
  }

  /** The notifications a trigger opens, from the patient's releases as the log records them (reviews.md §3). */
  async #opening(
    event: TriggerEvent,
    snapshot: RecordsSnapshotWithReceipts,
    at: {
      origin: string;
      indexKey: string;
      caller: Caller;
      patientId: string;
      entry: RecordsChangeEntry | NotificationEntry;
    },
  ): Promise<Opening> {
    const { org } = at.caller;
    const releases = await patientReleases(
      this.#deps.search,
      { org, patientIndexKey: at.indexKey, patientId: at.patientId },
      snapshot.releaseCount,
    );
    const plans = planNotifications(event, releases);
    const names = new Map<string, string | undefined>();
    for (const plan of plans)
      names.set(plan.recipientId, (await this.#deps.registry.getRecipient(org, plan.recipientId))?.name);
    return openNotifications(plans, at.patientId, {
      origin: at.origin,
      org,
      actor: at.caller,
      clock: this.#deps.clock,
      patient: at.entry.patient,
      version: snapshot.version + 1,
      dueDays: await patientDueDays(this.#deps, org, snapshot),
      recipientName: (id) => names.get(id),
    });
  }

  async #origin(org: string, patientId: string): Promise<string> {
    const organisation = await this.#deps.registry.getOrganisation(org);
    // The caller was verified as a client of this org, so a missing org is a defect, not a 404.
    if (!organisation) throw new Error('The caller organisation is not registered');
    return patientLogOrigin(this.#deps.deployment, org, patientId, organisation.patientLogs);
  }
}
