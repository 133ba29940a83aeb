import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { checkpointBody, signCheckpoint } from '../../../shared/audit/checkpoint.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { vkey } from '../../../shared/audit/note.ts';
import { consistencyProof } from '../../../shared/audit/proofs.ts';
import type { AuditSource, ConsistencyProofSource } from '../../../shared/audit/verifier-types.ts';
import { auditReadEntry, consentEntry, decisionEntry, ed25519Key } from './helpers.ts';
import type { TestKey } from './helpers.ts';

export const P3 = 'gatekeeper.local/demo/p3';
export const ORG = 'gatekeeper.local/demo/org';
export const logKey = ed25519Key();
export const VKEYS = [vkey(P3, logKey.publicKey), vkey(ORG, logKey.publicKey)];

export interface Log {
  entries: Uint8Array[];
  checkpoints: string[];
}

export async function checkpointOf(
  origin: string,
  entries: readonly Uint8Array[],
  size: number,
  key: TestKey = logKey,
): Promise<string> {
  const tree = new MemoryTree();
  entries.slice(0, size).forEach((entry) => tree.append(entry));
  return signCheckpoint(checkpointBody(origin, size, tree.root()), origin, key.sign, key.publicKey);
}

export async function logOf(origin: string, values: readonly unknown[], sizes: readonly number[]): Promise<Log> {
  const entries = values.map((value) => canonicalBytes(value));
  return { entries, checkpoints: await Promise.all(sizes.map((size) => checkpointOf(origin, entries, size))) };
}

/**
 * Patient log p3: consent c1 given (0), a decision relying on it (1), direct-care decisions,
 * the consent withdrawn (3), more decisions; checkpoints at 4, 8 and 10.
 */
export function patientValues(): unknown[] {
  return [
    consentEntry(P3, 0, 'given', 'c1'),
    decisionEntry(P3, 1, 'c1'),
    decisionEntry(P3, 2),
    consentEntry(P3, 3, 'withdrawn', 'c1'),
    ...Array.from({ length: 6 }, (_, i) => decisionEntry(P3, 4 + i)),
  ];
}

export async function demoLogs(): Promise<Map<string, Log>> {
  return new Map([
    [P3, await logOf(P3, patientValues(), [4, 8, 10])],
    [
      ORG,
      await logOf(
        ORG,
        [0, 1, 2].map((n) => auditReadEntry(ORG, 100 + n)),
        [3],
      ),
    ],
  ]);
}

export function sourceOf(logs: ReadonlyMap<string, Log>): AuditSource {
  return {
    listOrigins: () => Promise.resolve([...logs.keys()]),
    checkpoints: (origin) => Promise.resolve([...(logs.get(origin)?.checkpoints ?? [])].reverse()),
    entries: (origin, start, limit) => Promise.resolve((logs.get(origin)?.entries ?? []).slice(start, start + limit)),
  };
}

/** Consistency proofs computed from the given (true) entries, as the operator's API would serve. */
export function proofsOf(logs: ReadonlyMap<string, Log>): ConsistencyProofSource {
  return {
    consistencyProof: (origin, m, n) => {
      const tree = new MemoryTree();
      (logs.get(origin)?.entries ?? []).forEach((entry) => tree.append(entry));
      return consistencyProof(m, n, tree);
    },
  };
}
