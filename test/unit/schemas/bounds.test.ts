/** api.md §1.1 at unit level: the id alphabet and the payload-shape bounds, each at its edge and one past it. */
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, idSchema, instrumentRefSchema } from '../../../shared/schemas/ids.ts';
import { disclosureRequestSchema, PAYLOAD_CATALOGUE } from '../../../shared/schemas/disclosure.ts';
import { addConsentSchema, addObjectionSchema, withdrawConsentSchema } from '../../../shared/schemas/records.ts';
import { putRecipientSchema } from '../../../shared/schemas/admin.ts';
import {
  bodyShapeIssues,
  MAX_ARRAY_ITEMS,
  MAX_DEPTH,
  MAX_STRING_BYTES,
  MAX_UNKNOWN_MEMBERS,
} from '../../../shared/schemas/payload-bounds.ts';
import { UK_DEFAULT } from '../../../shared/policy/uk-default/index.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { fieldErrors } from '../../../functions/lib/validation.ts';
import { request } from '../policy/fixtures.ts';

const MARK = 'MARKER_VALUE_7c1f';

function issuesOf(body: unknown) {
  const result = disclosureRequestSchema.safeParse(body);
  return result.success ? [] : fieldErrors(result.error.issues);
}

/** A payload member nested so that its innermost object sits at `depth` (the body is depth 1, payload 2). */
function nestedTo(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { leaf: MARK };
  for (let level = depth; level > 3; level -= 1) inner = { deeper: inner };
  return { ...request(), payload: { extra: inner } };
}

describe('the id alphabet (api.md §1.1)', () => {
  it.each([['a'], ['x'.repeat(128)], ['A.b_c~d-9'], ['...'], ['.a']])('accepts %j', (id) => {
    // Act / Assess
    expect(idSchema.safeParse(id).success).toBe(true);
  });

  it.each([[''], ['x'.repeat(129)], ['.'], ['..'], ['a b'], ['a/b'], ['é'], ['a:b']])('refuses %j', (id) => {
    // Act / Assess
    expect(idSchema.safeParse(id).success).toBe(false);
  });

  it('is one pattern for zod and OpenAPI', () => {
    // Act / Assess
    expect(new RegExp(ID_PATTERN, 'u').test('..')).toBe(false);
    expect(idSchema.toJSONSchema()).toMatchObject({ pattern: ID_PATTERN });
  });

  it.each([['A:b'], ['MA1983-s35A:GMC-2026-118'], [`P:${'r'.repeat(126)}`]])('instrument.ref accepts %j', (ref) => {
    // Act / Assess
    expect(instrumentRefSchema.safeParse(ref).success).toBe(true);
  });

  it.each([['A:'], [':b'], ['Ab'], [`P:${'r'.repeat(127)}`], ['MA1983:GMC 118'], ['MA1983:a:b'], ['..:x'], ['P:..']])(
    'instrument.ref refuses %j',
    (ref) => {
      // Act / Assess
      expect(instrumentRefSchema.safeParse(ref).success).toBe(false);
    },
  );

  it('holds every id and staff reference a caller sends to the alphabet', () => {
    // Prepare
    const bad = `${MARK} with spaces`;
    const consent = {
      consentId: 'c1',
      scope: 'INSURER_CLAIM',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: bad,
      capturedBy: bad,
      episodeId: bad,
      at: '2026-11-20T10:00:00Z',
    };
    const withdrawal = { at: '2026-11-20T10:00:00Z', recordedBy: bad };
    const objection = { objectionId: 'o1', scope: 'ALL_NON_MANDATORY', at: '2026-11-20T10:00:00Z', recordedBy: bad };
    const disclosure = {
      ...request(),
      requestId: bad,
      episode: { ...request().episode, id: bad },
      override: { code: 'VITAL_INTERESTS', approverRole: 'DPO', approvedBy: bad, justification: 'why' },
      instrument: { ref: `MA1983-s35A:${MARK} x`, scope: { episodeIds: [bad] } },
    };

    // Act
    const paths = [addConsentSchema, withdrawConsentSchema, addObjectionSchema].map((schema, i) => {
      const result = schema.safeParse([consent, withdrawal, objection][i]);
      return result.success ? [] : fieldErrors(result.error.issues).map((error) => error.path);
    });

    // Assess
    expect(paths).toEqual([['episodeId', 'evidenceRef', 'capturedBy'], ['recordedBy'], ['recordedBy']]);
    expect(
      issuesOf(disclosure)
        .map((error) => error.path)
        .sort(),
    ).toEqual(['episode.id', 'instrument.ref', 'instrument.scope.episodeIds.0', 'override.approvedBy', 'requestId']);
  });
});

describe('registry data logged in admin entries (api.md §1.1)', () => {
  it.each([
    [{ payerId: 'ins-acme-health' }, true],
    [{ regulator: 'GMC' }, true],
    [{ payerId: `${MARK} plc` }, false],
    [{ regulator: `${MARK} board` }, false],
    [{ payerId: '..' }, false],
  ])('%j → accepted: %s', (extra, accepted) => {
    // Act / Assess
    expect(putRecipientSchema.safeParse({ name: 'Acme', category: 'INSURER', ...extra }).success).toBe(accepted);
  });
});

describe('payload-shape bounds (api.md §1.1)', () => {
  it("the schema catalogue is the union of the packs' catalogues", () => {
    // Prepare
    const packs = [...UK_DEFAULT.fields, ...SE_DEFAULT.fields].map((field) => field.path);
    // Act / Assess
    expect([...PAYLOAD_CATALOGUE].sort()).toEqual([...new Set(packs)].sort());
  });

  it.each([
    ['depth', nestedTo(MAX_DEPTH), nestedTo(MAX_DEPTH + 1)],
    [
      'array items',
      { ...request(), payload: { extra: Array(MAX_ARRAY_ITEMS).fill(MARK) } },
      { ...request(), payload: { extra: Array(MAX_ARRAY_ITEMS + 1).fill(MARK) } },
    ],
    [
      'string bytes',
      { ...request(), payload: { extra: 'é'.repeat(MAX_STRING_BYTES / 2) } },
      { ...request(), payload: { extra: `${'é'.repeat(MAX_STRING_BYTES / 2)}a` } },
    ],
    ['unknown members', withUnknown(MAX_UNKNOWN_MEMBERS), withUnknown(MAX_UNKNOWN_MEMBERS + 1)],
  ])('%s: accepted at the bound, 422 naming the path one past it, never echoing the value', (_, atBound, pastBound) => {
    // Act
    const accepted = issuesOf(atBound);
    const refused = issuesOf(pastBound);

    // Assess
    expect(accepted).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.path).toMatch(/^payload(\.|$)/u);
    expect(JSON.stringify(refused)).not.toContain(MARK);
    expect(JSON.stringify(refused)).not.toContain('é');
  });

  it('names the exact path of each kind of bound, keys and indexes as they lead to it', () => {
    // Prepare: a long string, a long array and a deep nest, each under arrays and objects.
    const body = {
      payload: {
        clinical: { results: ['a', 'b', { note: 'x'.repeat(MAX_STRING_BYTES + 1) }] },
        extra: [[Array(MAX_ARRAY_ITEMS + 1).fill(0)]],
        deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      },
    };

    // Act
    const issues = bodyShapeIssues(body);

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ['payload', 'clinical', 'results', 2, 'note'],
        ['payload', 'extra', 0, 0],
        ['payload', 'deep', 'a', 'b', 'c', 'd', 'e', 'f'],
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  it('counts an unknown group once, whatever it holds, and unknown fields of known groups one each', () => {
    // Prepare
    const body = {
      ...request(),
      payload: {
        ...withUnknown(MAX_UNKNOWN_MEMBERS - 1).payload,
        bag: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])),
      },
    };

    // Act / Assess
    expect(issuesOf(body)).toEqual([]);
  });
});

/** `count` unknown members: half unknown groups, half unknown fields of the patient group. */
function withUnknown(count: number): { payload: Record<string, unknown> } & Record<string, unknown> {
  const groups = Array.from({ length: Math.ceil(count / 2) }, (_, i): [string, unknown] => [
    `group${i}`,
    { any: MARK },
  ]);
  const fields = Array.from({ length: Math.floor(count / 2) }, (_, i): [string, unknown] => [`field${i}`, MARK]);
  return { ...request(), payload: { ...Object.fromEntries(groups), patient: Object.fromEntries(fields) } };
}
