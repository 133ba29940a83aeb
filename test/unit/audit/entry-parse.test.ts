import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { parseCanonicalEntryJson } from '../../../shared/audit/canonical-parse.ts';
import { auditEntrySchema, parseEntryBytes } from '../../../shared/audit/entry-schema.ts';
import { ENTRY_SEEDS, entryMutations, mutant } from './entry-seeds.ts';

/** parseEntryBytes before the compiled acceptor: zod judges every entry. */
function zodOnlyParse(bytes: Uint8Array): unknown {
  const result = auditEntrySchema.safeParse(parseCanonicalEntryJson(bytes));
  if (result.success) return result.data;
  const where = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '$'} (${issue.code})`);
  throw new Error(`The entry does not match gk-audit/1 at ${where.join(', ')}`);
}

function outcomeOf(parse: (bytes: Uint8Array) => unknown, bytes: Uint8Array): { value: unknown } | { error: string } {
  try {
    return { value: parse(bytes) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('parseEntryBytes with the compiled acceptor', () => {
  it('answers as zod alone did (value, or the same message) on stored mutants of every entry shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENTRY_SEEDS), entryMutations, (seed, edits) => {
        // Prepare
        const bytes = canonicalBytes(mutant(seed, edits));
        // Act
        const outcome = outcomeOf(parseEntryBytes, bytes);
        // Assess
        expect(isDeepStrictEqual(outcome, outcomeOf(zodOnlyParse, bytes))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
