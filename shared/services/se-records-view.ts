/**
 * The Swedish part of `GET …/records` (policy-se.md §9): blocks with their lifts (and whether the
 * spärr gate would read each as active now), the latest spärr check, care relations, the
 * registerutdrag issued, and the employers with their agreements as the org registered them. Every
 * recipient is read in the caller's org, so an id another org uses names nothing here.
 */
import { activeBlocks } from '../policy/gates/blocks.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { Block, CareRelation, EmployerAgreement, RegisterutdragRecord, SparrCheck } from '../records/se-model.ts';
import type { RegistryStore } from '../registry/model.ts';

/** An employer the patient works for, as the org's registry knows it (`registered: false` if not). */
export interface EmployerView {
  readonly recipientId: string;
  readonly registered: boolean;
  readonly name?: string;
  readonly orgNr?: string;
  readonly employerAgreement?: EmployerAgreement;
}

export interface SwedishRecordsView {
  readonly blocks: ReadonlyArray<Block & { readonly active: boolean }>;
  readonly sparrCheck?: SparrCheck;
  readonly careRelations: readonly CareRelation[];
  readonly employers: readonly EmployerView[];
  readonly registerutdrag: readonly RegisterutdragRecord[];
}

/** A patient is Swedish once registered with a Swedish number or holding any Swedish record. */
export function isSwedishPatient(snapshot: RecordsSnapshotWithReceipts): boolean {
  return (
    snapshot.identifiers.some((identifier) => identifier.system.startsWith('SE_')) ||
    (snapshot.blocks?.length ?? 0) > 0 ||
    (snapshot.careRelations?.length ?? 0) > 0 ||
    (snapshot.employerRecipientIds?.length ?? 0) > 0 ||
    (snapshot.registerutdrag?.length ?? 0) > 0 ||
    snapshot.sparrCheck !== undefined
  );
}

export async function swedishRecordsView(
  snapshot: RecordsSnapshotWithReceipts,
  org: string,
  registry: Pick<RegistryStore, 'getRecipient'>,
  now: number,
): Promise<SwedishRecordsView> {
  const blocks = [...(snapshot.blocks ?? [])].sort(
    byTimeThenId(
      (b) => b.at,
      (b) => b.blockId,
    ),
  );
  const active = new Set(activeBlocks(blocks, now).map((block) => block.blockId));
  return {
    blocks: blocks.map((block) => ({ ...block, active: active.has(block.blockId) })),
    ...(snapshot.sparrCheck ? { sparrCheck: snapshot.sparrCheck } : {}),
    careRelations: [...(snapshot.careRelations ?? [])].sort(
      byTimeThenId(
        (r) => r.from,
        (r) => r.relationId,
      ),
    ),
    employers: await Promise.all((snapshot.employerRecipientIds ?? []).map((id) => employerView(org, id, registry))),
    registerutdrag: [...(snapshot.registerutdrag ?? [])].sort(
      byTimeThenId(
        (u) => u.requestedAt,
        (u) => u.utdragId,
      ),
    ),
  };
}

async function employerView(
  org: string,
  recipientId: string,
  registry: Pick<RegistryStore, 'getRecipient'>,
): Promise<EmployerView> {
  const recipient = await registry.getRecipient(org, recipientId);
  if (!recipient) return { recipientId, registered: false };
  return {
    recipientId,
    registered: true,
    name: recipient.name,
    ...(recipient.orgNr !== undefined ? { orgNr: recipient.orgNr } : {}),
    ...(recipient.employerAgreement ? { employerAgreement: recipient.employerAgreement } : {}),
  };
}

/** Code-unit order, as the other records listings sort: the same on every machine, whatever its locale. */
function byTimeThenId<T>(time: (t: T) => string, id: (t: T) => string): (a: T, b: T) => number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => order(time(a), time(b)) || order(id(a), id(b));
}
