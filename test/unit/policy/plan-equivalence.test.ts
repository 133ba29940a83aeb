/**
 * Issue 15: decide() runs a plan compiled once per pack; it must decide exactly as the interpreter it
 * replaced (kept, test-only, in test/support/policy-reference/). Generated inputs mix the worked
 * scenarios of every pack (P01–P48, S01–S24): one scenario's request with another's records, a
 * subset or a damaged copy of the payload, other recipients, purposes and fundings, switch settings,
 * review answers, erasure and uncovered jurisdictions. Everything the Decision carries is compared:
 * outcome, codes, explanations in every language, obligations, basis, rows and the released payload.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput, type ReviewInput } from '../../../shared/policy/engine.ts';
import type { LoadedPolicy } from '../../../shared/policy/pack.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { decide as referenceDecide } from '../../support/policy-reference/engine.ts';
import { SE_SCENARIOS } from '../../support/se-scenarios.ts';
import { ENGINE_SCENARIOS } from '../../../bench/decision-scenarios.ts';
import { RECIPIENTS, input, localPolicy, request } from './fixtures.ts';
import { SCENARIOS_2026, defaults2026, snapshotOf } from './scenarios-2026-2-table.ts';
import { SE_RECIPIENTS, seInput, sePolicy } from './se-fixtures.ts';

interface Family {
  readonly seeds: readonly DecisionInput[];
  readonly policies: readonly LoadedPolicy[];
  readonly recipients: Readonly<Record<string, DecisionInput['recipient']>>;
}

const UK: Family = {
  seeds: [
    ...ENGINE_SCENARIOS.map((scenario) => scenario.input),
    ...SCENARIOS_2026.map((scenario) => {
      const defaults = defaults2026('MRN-1');
      const req = request({ ...defaults, ...scenario.request(defaults.episode!.id) });
      return input({ request: req, records: snapshotOf(scenario.setup) });
    }),
  ],
  policies: [
    localPolicy(),
    localPolicy({
      'phin.identifierMode': 'OMIT',
      'phin.postcodeGeneralisation': 'DISTRICT',
      'phin.includeOutpatient': true,
      'ndop.unknownStatus': 'REFER',
      'override.requireCaldicottGuardian': false,
      'regulator.nonStatutory': 'DENY',
      'police.voluntary': 'DENY',
      'registry.identifiersNeedConsent': false,
      'registry.anonymousDemographics': 'NONE',
      'restriction.priorConsentCounts': true,
      'restriction.vitalInterests': 'REFER',
    }),
    localPolicy({ 'phin.identifierMode': 'CLEAR_MANDATED', 'nhs.allowTestRange': false }),
  ],
  recipients: RECIPIENTS,
};

const SE: Family = {
  seeds: SE_SCENARIOS.map((scenario) => seInput(scenario)),
  policies: [
    sePolicy(),
    sePolicy({ 'se.providerType': 'PUBLIC', 'se.sparrServiceUnavailable': 'REFER', 'se.police': 'DENY' }),
  ],
  recipients: SE_RECIPIENTS,
};

const REVIEWS: readonly (ReviewInput | undefined)[] = [
  undefined,
  { approved: { reviewId: 'rev-1', conditions: false } },
  { approved: { reviewId: 'rev-2', conditions: true } },
  { refused: 'DENY_REVIEW_REJECTED' },
];

type Payload = DisclosureRequest['payload'];

/** Keeps the chosen fields; a damaged field gets a value no validator accepts (an identifier, a code, a date). */
function reshape(payload: Payload, keep: readonly boolean[], damage: number): Payload {
  const groups = payload as Record<string, Record<string, unknown>>;
  const out: Record<string, Record<string, unknown>> = {};
  let index = 0;
  for (const [group, fields] of Object.entries(groups)) {
    for (const [field, value] of Object.entries(fields)) {
      const at = index++;
      if (keep[at % keep.length] === false && at % 3 !== 0) continue;
      (out[group] ??= {})[field] = at === damage ? `X${String(value).slice(1)}` : structuredClone(value);
    }
  }
  if (damage < 0) (out['clinical'] ??= {})['unlisted'] = 'not in the catalogue';
  return out;
}

/** Every object and list inside a JSON value: what the released payload must not share with the request. */
function objectsOf(value: unknown): object[] {
  if (typeof value !== 'object' || value === null) return [];
  return [value, ...Object.values(value).flatMap(objectsOf)];
}

/** Mostly the seed's own value: a changed route or funding mostly just matches no flow. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
}

function inputArb(family: Family): fc.Arbitrary<DecisionInput> {
  const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
  const seeds = family.seeds;
  return fc
    .record({
      base: pick(seeds),
      records: pick(seeds),
      // Another scenario's recipient with its purpose: a route some flow knows.
      route: sometimes(pick(seeds.map(({ request: r }) => [r.recipientId, r.purpose, r.subPurpose] as const))),
      recipientId: sometimes(pick(Object.keys(family.recipients))),
      funding: sometimes(pick([...new Set(seeds.map((seed) => seed.request.episode.funding))])),
      keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 40, size: 'max' }),
      damage: fc.integer({ min: -1, max: 60 }),
      policy: pick(family.policies),
      review: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: pick(REVIEWS), weight: 1 }),
      erased: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      covered: fc.integer({ min: 0, max: 19 }).map((n) => n !== 0),
    })
    .map((c) => {
      const [routeRecipient, purpose, subPurpose] = c.route ?? [];
      const recipientId = c.recipientId ?? routeRecipient ?? c.base.request.recipientId;
      const req: DisclosureRequest = {
        ...c.base.request,
        recipientId,
        ...(c.route ? { purpose: purpose!, subPurpose } : {}),
        episode: { ...c.base.request.episode, ...(c.funding ? { funding: c.funding } : {}) },
        payload: reshape(c.base.request.payload, c.keep, c.damage),
      };
      const erased = c.erased ? { erased: { at: '2026-11-30T09:00:00Z', ground: 'UNLAWFUL' as const } } : {};
      return {
        ...c.base,
        request: req,
        recipient: family.recipients[recipientId],
        records: { ...c.records.records, patientId: c.base.records.patientId, ...erased },
        policy: c.policy,
        ...(c.review ? { review: c.review } : {}),
        ...(c.covered ? {} : { covered: false }),
      } as DecisionInput;
    });
}

const FAMILIES = [
  ['uk-default', UK],
  ['se-default', SE],
] as const;

describe('the compiled plan decides exactly as the interpreter it replaced', () => {
  it.each(FAMILIES)('%s: identical decisions on generated requests', async (_name, family) => {
    await fc.assert(
      fc.asyncProperty(inputArb(family), async (generated) => {
        // Prepare: each engine gets its own copy, so neither can see what the other did to its input
        const copy = (): DecisionInput => ({
          ...generated,
          request: structuredClone(generated.request),
          records: structuredClone(generated.records),
        });
        const [mine, theirs] = [copy(), copy()];

        // Act
        const decided = await decide(mine);
        const expected = await referenceDecide(theirs);

        // Assess
        expect(decided).toEqual(expected);
        expect(JSON.stringify(decided)).toBe(JSON.stringify(expected));
        expect(mine.request).toEqual(generated.request);
        expect(objectsOf(decided.payload).filter((value) => objectsOf(mine.request.payload).includes(value))).toEqual(
          [],
        );
      }),
      { numRuns: 1000 },
    );
  });

  it.each(FAMILIES)('%s: the same decision whether the port answers at once or later', async (_name, family) => {
    await fc.assert(
      fc.asyncProperty(inputArb(family), async (generated) => {
        // Prepare: a port that answers with the string itself once it has seen a value (as production's
        // cache does), asked first cold (every answer a promise), then warm (every answer at once).
        const known = new Map<string, string>();
        const atOnce: DecisionInput['pseudonymise'] = (domain, idType, value) => {
          const key = `${domain}|${idType}|${value}`;
          const held = known.get(key);
          if (held !== undefined) return held;
          return Promise.resolve(generated.pseudonymise(domain, idType, value)).then((pseudonym) => {
            known.set(key, pseudonym);
            return pseudonym;
          });
        };
        const copy = (): DecisionInput => ({
          ...generated,
          request: structuredClone(generated.request),
          records: structuredClone(generated.records),
          pseudonymise: atOnce,
        });

        // Act
        const cold = await decide(copy());
        const warm = await decide(copy());

        // Assess
        expect(JSON.stringify(warm)).toBe(JSON.stringify(cold));
        expect(JSON.stringify(cold)).toBe(JSON.stringify(await referenceDecide(generated)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on every worked scenario, which between them reach every kind of outcome but ALLOW', async () => {
    // Prepare / Act: the seeds themselves, through both engines
    const outcomes = new Set<string>();
    for (const seed of [...UK.seeds, ...SE.seeds]) {
      const decided = await decide(seed);
      expect(decided).toEqual(await referenceDecide(seed));
      outcomes.add(decided.decision);
    }

    // Assess
    expect([...outcomes].sort()).toEqual(['ALLOW_WITH_REDACTION', 'DENY', 'REFER']);
  });
});
