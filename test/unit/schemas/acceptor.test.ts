import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { auditEntrySchema } from '../../../shared/audit/entry-schema.ts';
import { compileAcceptor } from '../../../shared/schemas/acceptor.ts';
import { ENTRY_SEEDS, entryMutations, mutant } from '../audit/entry-seeds.ts';

const entryAcceptor = compileAcceptor(auditEntrySchema);
const zodAccepts = (value: unknown) => auditEntrySchema.safeParse(value).success;
/** What the acceptor claims: zod accepts the value and answers with the value itself. */
const zodAcceptsAsIs = (value: unknown) => {
  const result = auditEntrySchema.safeParse(value);
  return result.success && isDeepStrictEqual(result.data, value);
};

describe('compileAcceptor over the audit entry schema', () => {
  it('compiles every part of the entry schema (nothing left to zod alone)', () => {
    // Assess
    expect(entryAcceptor.unsupported).toEqual([]);
  });

  it.each(ENTRY_SEEDS.map((seed) => [(seed as { type: string }).type, seed]))(
    'accepts a valid %s entry',
    (_type, seed) => {
      // Act
      const accepted = entryAcceptor.accepts(seed);
      // Assess
      expect(zodAccepts(seed)).toBe(true);
      expect(accepted).toBe(true);
    },
  );

  it('accepts exactly what the schema accepts as it stands, over mutants of every entry shape', () => {
    let acceptedByBoth = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ENTRY_SEEDS), entryMutations, (seed, edits) => {
        // Prepare
        const value = mutant(seed, edits);
        // Act
        const accepted = entryAcceptor.accepts(value);
        // Assess
        expect(accepted).toBe(zodAcceptsAsIs(value));
        if (accepted) acceptedByBoth += 1;
      }),
      { numRuns: 4000 },
    );
    // Both verdicts occur, so the property is not decided by refusing everything.
    expect(acceptedByBoth).toBeGreaterThan(100);
  });
});

describe('compileAcceptor answers "not proven" where it cannot follow zod', () => {
  it.each([
    ['a transform', z.string().transform((text) => text.length), 'x', '$ (pipe)'],
    ['an overwriting check', z.string().trim(), ' x', '$ (check overwrite)'],
    [
      'a union with such an option',
      z.union([z.string().trim(), z.number()]),
      1,
      '$ (union with an option not compiled)',
    ],
  ])('%s is listed and never accepted', (_name, schema, value, listed) => {
    // Prepare
    const acceptor = compileAcceptor(schema);
    // Act
    const accepted = acceptor.accepts(value);
    // Assess
    expect(accepted).toBe(false);
    expect(acceptor.unsupported).toContain(listed);
  });

  it('proves a stripping object only when it has nothing to strip', () => {
    // Prepare
    const acceptor = compileAcceptor(z.object({ a: z.string() }));
    // Act
    const verdicts = [acceptor.accepts({ a: 'x' }), acceptor.accepts({ a: 'x', b: 1 })];
    // Assess
    expect(verdicts).toEqual([true, false]);
    expect(z.object({ a: z.string() }).safeParse({ a: 'x', b: 1 }).success).toBe(true);
  });

  it('leaves a refinement that throws to zod', () => {
    // Prepare
    const schema = z.string().refine(() => {
      throw new Error('boom');
    });
    // Act
    const accepted = compileAcceptor(schema).accepts('x');
    // Assess
    expect(accepted).toBe(false);
    expect(() => schema.safeParse('x')).toThrow('boom');
  });

  it.each([
    ['two astral characters within a maximum of 2', z.string().max(2), '\ud83d\ude00\ud83d\ude00'],
    ['one astral character under a minimum of 2', z.string().min(2), '\ud83d\ude00'],
    ['three astral characters over a maximum of 2', z.string().max(2), '\ud83d\ude00'.repeat(3)],
  ])('counts lengths as zod does: %s', (_name, schema, value) => {
    // Act
    const accepted = compileAcceptor(schema).accepts(value);
    // Assess
    expect(accepted).toBe(schema.safeParse(value).success);
  });
});
