/**
 * GET …/disclosures (subject access, api.md §4.2): every decision about the patient, newest first,
 * from the by-patient index, and the notifications opened for the patient (Art 19, last sentence).
 * Entries never hold the payload; recipient names come from the registry.
 */
import { notificationView, type Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { Recipient } from '../records/model.ts';
import type { RegistryStore } from '../registry/model.ts';
import type { ListDisclosuresBody } from '../schemas/records.ts';
import { patientIndexKey } from './records-keys.ts';
import { byTimeThenId } from './records-view.ts';
import type { Caller } from './records-writer.ts';

export interface DisclosureHistoryItem {
  readonly time: string;
  readonly recipient: { readonly id: string; readonly name?: string; readonly category: string };
  readonly purpose: string;
  readonly decision: string;
  readonly reasonCodes: readonly string[];
  readonly receipt: Receipt;
}

export interface DisclosureHistory {
  readonly disclosures: DisclosureHistoryItem[];
  readonly nextCursor?: string;
  readonly notifications: Notification[];
}

export interface HistoryDeps {
  readonly records: RecordsStore;
  readonly registry: RegistryStore;
  readonly search: AuditSearch;
  readonly pseudonymiser: Pseudonymiser;
}

const DEFAULT_PAGE = 100;

export async function disclosureHistory(
  deps: HistoryDeps,
  caller: Caller,
  patientId: string,
  body: ListDisclosuresBody,
): Promise<DisclosureHistory> {
  // Art 19, last sentence: the patient can be told who was notified. Read from the records, so a
  // notification opened with a change is listed as soon as the change is answered.
  const notifications = deps.records.read(caller.org, patientId).then((snapshot) =>
    [...snapshot.notifications]
      .sort(
        byTimeThenId(
          (n) => n.openedAt,
          (n) => n.notificationId,
        ),
      )
      .map(notificationView),
  );
  const page = await deps.search.search({
    org: caller.org,
    patientIndexKey: await patientIndexKey(deps.pseudonymiser, caller.org, patientId),
    type: 'disclosure.decision',
    limit: body.limit ?? DEFAULT_PAGE,
    ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
  });
  const recipientOf = recipientLookup(deps.registry, caller.org);
  const disclosures = await Promise.all(
    page.items.map(async ({ entry, origin, index, leafHash }): Promise<DisclosureHistoryItem> => {
      const decision = (entry['decision'] ?? {}) as {
        outcome?: string;
        reasonCodes?: string[];
        purpose?: string;
        recipient?: { id?: string; category?: string };
      };
      const recipientId = decision.recipient?.id ?? '';
      const name = recipientId === '' ? undefined : (await recipientOf(recipientId))?.name;
      return {
        time: String(entry['time']),
        recipient: {
          id: recipientId,
          ...(name !== undefined ? { name } : {}),
          category: decision.recipient?.category ?? '',
        },
        purpose: decision.purpose ?? '',
        decision: decision.outcome ?? '',
        reasonCodes: decision.reasonCodes ?? [],
        receipt: { origin, index, leafHash, entryId: String(entry['id']) },
      };
    }),
  );
  return {
    disclosures,
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    notifications: await notifications,
  };
}

/** One registry read per recipient of the page, however many of its decisions name it. */
function recipientLookup(registry: RegistryStore, org: string): (id: string) => Promise<Recipient | undefined> {
  const recipients = new Map<string, Promise<Recipient | undefined>>();
  return (id) => {
    let found = recipients.get(id);
    if (!found) recipients.set(id, (found = registry.getRecipient(org, id)));
    return found;
  };
}
