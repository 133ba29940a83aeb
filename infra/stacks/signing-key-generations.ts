import { MAX_SIGNING_KEYS, parseSigningKeyRing } from '../../shared/config/signing-key-ring.ts';
import type { KeyRingProblem } from '../../shared/config/signing-key-ring.ts';

export type SigningPurpose = 'checkpoint' | 'authorisation';
export const SIGNING_PURPOSES: readonly SigningPurpose[] = ['checkpoint', 'authorisation'];

/** One KMS key of a signing purpose. Generation 1 is the key every deployment started with. */
export interface SigningKeyGeneration {
  readonly generation: number;
  /** ISO 8601 UTC; absent for the active (first) generation. The moment after which it signs nothing. */
  readonly retiredAt?: string;
}

/** Per purpose, the generations in ring order: the active one first (docs/key-rotation.md). */
export type SigningKeyGenerations = Readonly<Record<SigningPurpose, readonly SigningKeyGeneration[]>>;

export const SIGNING_KEYS_CONTEXT = 'gatekeeper:signingKeys';
const BEFORE_ANY_ROTATION: readonly SigningKeyGeneration[] = [{ generation: 1 }];
const MAX_GENERATION = 99;

const RING_PROBLEMS: Readonly<Record<KeyRingProblem, string>> = {
  empty: 'lists no generation',
  too_many: `lists more than ${MAX_SIGNING_KEYS} generations`,
  active_retired: 'gives the active (first) generation a retiredAt',
  retired_without_time: 'lists a retired generation (after the first) without retiredAt',
  bad_time: 'has a retiredAt that is not an existing ISO 8601 UTC time (2027-01-05T09:00:00Z)',
  bad_key_id: 'has a malformed generation',
  duplicate: 'lists a generation twice',
};

/**
 * Reads `gatekeeper:signingKeys` (cdk.json, or `-c` as a JSON string), e.g.
 * `{"checkpoint":[{"generation":2},{"generation":1,"retiredAt":"2027-01-05T09:00:00Z"}]}`.
 * A purpose left out has generation 1 only. The rules are the runtime's (signing-key-ring.ts), so a
 * list that synthesises is a list every function accepts at cold start; one more: checkpoint keys
 * are published for ever, so no generation from 1 to the newest may be missing.
 */
export function readSigningKeyGenerations(value: unknown): SigningKeyGenerations {
  const context = typeof value === 'string' ? parseJson(value) : (value ?? {});
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw problem('must be an object with "checkpoint" and/or "authorisation" lists');
  }
  const unknownPurpose = Object.keys(context).find((key) => !(SIGNING_PURPOSES as readonly string[]).includes(key));
  if (unknownPurpose !== undefined)
    throw problem(`has an unknown purpose "${unknownPurpose}" (checkpoint, authorisation)`);
  const lists = context as Partial<Record<SigningPurpose, unknown>>;
  return {
    checkpoint: readGenerations('checkpoint', lists.checkpoint),
    authorisation: readGenerations('authorisation', lists.authorisation),
  };
}

function readGenerations(purpose: SigningPurpose, value: unknown): readonly SigningKeyGeneration[] {
  if (value === undefined) return BEFORE_ANY_ROTATION;
  if (!Array.isArray(value)) throw problem(`${purpose} must be a list of {"generation", "retiredAt"}`);
  const generations = value.map((item, index) => readGeneration(purpose, index, item));
  // The runtime's parser judges order, count, times and duplicates; generations stand in for key ids.
  const ring = parseSigningKeyRing(
    generations
      .map((g) => (g.retiredAt === undefined ? `g${g.generation}` : `g${g.generation}@${g.retiredAt}`))
      .join(','),
    (keyId) => /^g\d+$/.test(keyId),
  );
  if ('problem' in ring) throw problem(`${purpose} ${RING_PROBLEMS[ring.problem]}`);
  if (purpose === 'checkpoint') requireEveryCheckpointGeneration(generations);
  return generations;
}

function readGeneration(purpose: SigningPurpose, index: number, item: unknown): SigningKeyGeneration {
  const where = `${purpose}[${index}]`;
  if (typeof item !== 'object' || item === null) throw problem(`${where} must be an object`);
  const { generation, retiredAt, ...rest } = item as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw problem(`${where} has an unknown field "${extra}" (generation, retiredAt)`);
  if (
    typeof generation !== 'number' ||
    !Number.isInteger(generation) ||
    generation < 1 ||
    generation > MAX_GENERATION
  ) {
    throw problem(`${where}.generation must be an integer from 1 to ${MAX_GENERATION}`);
  }
  if (retiredAt === undefined) return { generation };
  if (typeof retiredAt !== 'string') throw problem(`${where}.retiredAt must be an ISO 8601 UTC time string`);
  return { generation, retiredAt };
}

/** Dropping a checkpoint generation would orphan its key and stop publishing it: retained checkpoints would no longer verify. */
function requireEveryCheckpointGeneration(generations: readonly SigningKeyGeneration[]): void {
  const newest = Math.max(...generations.map((g) => g.generation));
  if (generations.length !== newest) {
    throw problem(`checkpoint must keep every generation from 1 to ${newest}: a checkpoint key is published for ever`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw problem('is not valid JSON');
  }
}

function problem(message: string): Error {
  return new Error(`${SIGNING_KEYS_CONTEXT} ${message}`);
}
