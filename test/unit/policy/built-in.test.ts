/**
 * The built-in packs load at cold start without a parse of their documents (shared/policy/built-in.ts).
 * That is sound only while each shipped document is exactly what its zod schema accepts and passes
 * the cross-checks: this file is the build-time validation, and fails if a pack change breaks either.
 * The loaded pack must then be the one loadPolicy gives, for any switch values a deployment may set.
 */
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ENGINE_SCENARIOS } from '../../../bench/decision-scenarios.ts';
import { BUILT_IN_PACKS, loadBuiltInPolicy, type BuiltInPackId } from '../../../shared/policy/built-in.ts';
import { documentSchemaFor } from '../../../shared/policy/document.ts';
import { decide } from '../../../shared/policy/engine.ts';
import { PolicyInvalidError } from '../../../shared/policy/errors.ts';
import { loadPolicy, type SwitchOverrides } from '../../../shared/policy/pack.ts';
import { crossCheck } from '../../../shared/policy/validate.ts';

const PACK_IDS = Object.keys(BUILT_IN_PACKS) as BuiltInPackId[];

/** Any value of one switch its catalogue accepts: every enum and boolean value, numbers in and around the defaults. */
function switchValue(schema: z.ZodType, current: unknown): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...schema.options);
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  return fc
    .oneof(fc.constant(current), fc.integer({ min: 1, max: 40 }), fc.constant('none'))
    .filter((value) => schema.safeParse(value).success);
}

/** Some of a pack's switches set to values its catalogue accepts, as a deployment's overrides are. */
function overridesOf(id: BuiltInPackId): fc.Arbitrary<SwitchOverrides> {
  const { document, switches } = BUILT_IN_PACKS[id];
  const current = document.switches as Record<string, unknown>;
  const shape: Readonly<Record<string, z.ZodType>> = switches.shape;
  const fields = Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, switchValue(schema, current[name])]),
  );
  return fc.record(fields, { requiredKeys: [] });
}

describe('the built-in packs, validated before they ship', () => {
  it.each(PACK_IDS)('%s is exactly what its schema accepts, with nothing added, dropped or converted', (id) => {
    // Prepare
    const { document, switches } = BUILT_IN_PACKS[id];
    const shipped: unknown = JSON.parse(JSON.stringify(document));
    const schema = documentSchemaFor(shipped);

    // Act
    const parsed = schema.safeParse(shipped);

    // Assess
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toStrictEqual(shipped);
    expect(crossCheck(parsed.data!)).toEqual([]);
    expect(schema.shape.switches).toBe(switches);
  });

  it.each(PACK_IDS)('%s loads as loadPolicy loads it, whatever switch values the deployment chose', (id) => {
    // Prepare
    const { document } = BUILT_IN_PACKS[id];

    // Act / Assess
    fc.assert(
      fc.property(overridesOf(id), (overrides) => {
        expect(loadBuiltInPolicy(id, overrides)).toStrictEqual(loadPolicy(document, overrides));
      }),
      { numRuns: 25 },
    );
  });

  it('decides the policy-uk.md scenarios P01-P22 to the byte as the parsed pack does', async () => {
    // Prepare
    const overrides = { 'nhs.allowTestRange': true };
    const built = loadBuiltInPolicy('uk-default', overrides);
    const parsed = loadPolicy(undefined, overrides);

    // Act
    const pairs = await Promise.all(
      ENGINE_SCENARIOS.map(async ({ input }) => [
        JSON.stringify(await decide({ ...input, policy: built })),
        JSON.stringify(await decide({ ...input, policy: parsed })),
      ]),
    );

    // Assess
    expect(pairs).toHaveLength(22);
    for (const [fromBuiltIn, fromParsed] of pairs) expect(fromBuiltIn).toBe(fromParsed);
  });

  it('fails closed on a switch value outside the catalogue, naming the switch and never the value', () => {
    // Prepare
    const overrides = { 'ndop.maxAgeHours': -1, 'se.providerType': 'SECRET-VALUE' } as unknown as SwitchOverrides;

    // Act
    const load = () => loadBuiltInPolicy('uk-default', overrides);

    // Assess
    expect(load).toThrow(PolicyInvalidError);
    expect(load).toThrow(/switches\.ndop\.maxAgeHours/);
    expect(load).not.toThrow(/SECRET-VALUE/);
  });

  it('returns a frozen pack that shares nothing with the shipped document', () => {
    // Prepare / Act
    const policy = loadBuiltInPolicy('se-default', { 'se.police': 'DENY' });

    // Assess
    expect(Object.isFrozen(policy.document.flows[0])).toBe(true);
    expect(Object.isFrozen(BUILT_IN_PACKS['se-default'].document.flows[0])).toBe(false);
    expect(policy.document.switches).toMatchObject({ 'se.police': 'DENY' });
  });
});
