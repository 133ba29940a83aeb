/**
 * TESTS ONLY. Appends a forged entry to a log as an insider with write access to the tables would:
 * the entry item, its sealed Merkle nodes and a correctly moved head, so the log stays well formed
 * and only the verifier's log promises can tell the forgery (the tamper tests of audit.md §8).
 */
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { appendLeaf, leafHash, nodeKey } from '../../shared/audit/merkle.ts';
import { canonicalize } from '../../shared/canonical-json.ts';
import { documentClient, raw, tables } from './audit-fixture.ts';

const store = () => new DynamoDbAuditStore(documentClient(), tables());

/** Appends `entry` at the head of `origin`; resolves to its index. */
export async function forgeAppend(origin: string, entry: object): Promise<number> {
  const head = (await store().getHead(origin))!;
  const bytes = new TextEncoder().encode(canonicalize(entry));
  const next = appendLeaf(head.frontier, head.size, leafHash(bytes));
  for (const node of next.sealed.filter((sealed) => sealed.level > 0))
    await raw.put(tables().audit, { pk: `N#${origin}`, sk: nodeKey(node.level, node.index), hash: node.hash });
  await raw.put(tables().audit, {
    pk: `E#${origin}`,
    sk: head.size,
    entry: new TextDecoder().decode(bytes),
    leafHash: leafHash(bytes),
  });
  await raw.put(tables().auditHeads, { pk: origin, org: head.org, size: head.size + 1, frontier: next.frontier });
  return head.size;
}

/** The stored entry at `index` of `origin`, parsed. */
export async function storedEntry(origin: string, index: number): Promise<Record<string, unknown>> {
  return JSON.parse(String((await raw.getEntry(origin, index))['entry'])) as Record<string, unknown>;
}
