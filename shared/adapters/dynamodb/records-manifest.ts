/**
 * How a read of a patient's partition knows it saw one state of the records, although a DynamoDB
 * Query is only read-committed per item and not isolated from a concurrent transaction.
 *
 * Every write of a record item (consent, objection, and any kind added later) stamps the item with
 * `rev`, the records version it moves META to, and in the same transaction sets META's manifest
 * entry for that item (`rev:<sk>`) to the same version. META at version V therefore names, for
 * every record item, the version at which it was last written up to V. A read whose items all
 * carry the `rev` META's manifest names for them, and which found an item for every manifest
 * entry, saw exactly the records as they were at V, whatever order and times the items were read
 * at: an item read before a later write to it, or after one META does not know yet, disagrees with
 * the manifest, and so does an item the read missed. Items written before manifests existed have
 * neither `rev` nor an entry and agree until they are next written.
 */
export type StoredItem = Record<string, unknown>;

export const META_SK = 'META';
const MANIFEST_PREFIX = 'rev:';

/** The META attribute holding the version at which the record item `sk` was last written. */
export function manifestAttribute(sk: string): string {
  return `${MANIFEST_PREFIX}${sk}`;
}

/** True when META and the record items read with it are one state of the records. */
export function isOneState(meta: StoredItem | undefined, records: readonly StoredItem[]): boolean {
  const manifest = new Map<string, unknown>();
  for (const [name, value] of Object.entries(meta ?? {})) {
    if (name.startsWith(MANIFEST_PREFIX)) manifest.set(name.slice(MANIFEST_PREFIX.length), value);
  }
  let listed = 0;
  for (const item of records) {
    const expected = manifest.get(String(item['sk']));
    if (item['rev'] !== expected) return false;
    if (expected !== undefined) listed += 1;
  }
  // Every manifest entry was matched by a distinct item (sort keys are unique), or one was missed.
  return listed === manifest.size;
}
