/**
 * An entry rewritten into another text of the same JSON value (members reordered, whitespace
 * added, an escape JCS would not write) is refused as not canonical, through the real store and
 * the audit API, at its index and before any root is compared: the offline verifier proves the
 * canonical form without re-serialising (shared/audit/canonical-parse.ts), and this is that proof
 * against the stored bytes an insider could edit. A canonical text of a value the entry schema
 * refuses is reported as malformed with the schema's own words, before any root is compared: the
 * verifier's compiled acceptor (shared/schemas/acceptor.ts) proves nothing it should not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addConsent, preparePatient, requestFor } from '../support/scenarios.ts';
import { freshPatientId } from '../support/stack.ts';
import { CLAIM, expectOk, freshOrg, publishedVkeys, raw, tables, verifyOverApi } from './audit-fixture.ts';

/** An org whose one patient log holds register, NDOP, consent and one decision (index 3), verified clean. */
async function loggedOrg() {
  const org = await freshOrg(1);
  const { patientId } = await preparePatient(org.clinical, freshPatientId());
  await addConsent(org.clinical, patientId, 'INSURER_CLAIM');
  await expectOk(org.clinical.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM)));
  const vkeys = await publishedVkeys(org.auditor);
  expect((await verifyOverApi(org.auditor, vkeys)).failures).toEqual([]);
  return { org, p0: org.origin('p0'), vkeys };
}

/** The same JSON value written differently: what each rewrite does to a canonical entry text. */
const REWRITES: ReadonlyArray<readonly [string, (text: string) => string]> = [
  ['its first two members swapped', (text) => reorderFirstMembers(text)],
  ['a space after its first colon', (text) => text.replace('":', '": ')],
  ['its version written with an escape', (text) => text.replace('"gk-audit/1"', '"gk\\u002daudit/1"')],
  ['a member name written with an escape', (text) => text.replace('"origin":', '"\\u006frigin":')],
  ['its first member repeated (JSON.parse keeps the last)', (text) => repeatFirstMember(text)],
  ['an integer written with a fraction part', (text) => text.replace(/:(\d+)([,}])/, ':$1.0$2')],
];

function repeatFirstMember(text: string): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  const first = Object.keys(value)[0]!;
  return text.replace('{', `{${JSON.stringify(first)}:${JSON.stringify(value[first])},`);
}

/** Canonical texts of a value the entry schema refuses: the schema judges them, at the entry's index. */
const MALFORMED: ReadonlyArray<readonly [string, (text: string) => string, string]> = [
  ['a member the schema does not know', (text) => text.replace(/}$/, ',"zz":1}'), '$ (unrecognized_keys)'],
  [
    'an id outside the ULID alphabet',
    (text) => text.replace(/"id":"(\w+)"/, (_all, id: string) => `"id":"${id.toLowerCase()}"`),
    'id (invalid_format)',
  ],
];

function reorderFirstMembers(text: string): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  const [first, second, ...rest] = Object.keys(value);
  const order = [second!, first!, ...rest];
  return `{${order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key])}`).join(',')}}`;
}

describe('a stored entry in a non-canonical text of the same value (audit.md §2, §8.3)', () => {
  afterEach(() => raw.restore());

  it.each(REWRITES)('with %s: entry_not_canonical at its index', async (_name, rewrite) => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    const item = await raw.getEntry(p0, 3);
    const text = String(item['entry']);
    const rewritten = rewrite(text);
    expect(JSON.parse(rewritten)).toEqual(JSON.parse(text));
    expect(rewritten).not.toBe(text);
    await raw.put(tables().audit, { ...item, entry: rewritten });
    // Act
    const report = await verifyOverApi(org.auditor, vkeys);
    // Assess
    expect(report.failures).toEqual([
      expect.objectContaining({ code: 'entry_not_canonical', origin: p0, index: 3 }) as unknown,
    ]);
  });
});

describe('a stored entry in canonical form that the entry schema refuses (audit.md §2, §8.3)', () => {
  afterEach(() => raw.restore());

  it.each(MALFORMED)('with %s: entry_malformed naming where', async (_name, rewrite, where) => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    const item = await raw.getEntry(p0, 3);
    const rewritten = rewrite(String(item['entry']));
    expect(rewritten).not.toBe(String(item['entry']));
    await raw.put(tables().audit, { ...item, entry: rewritten });
    // Act
    const report = await verifyOverApi(org.auditor, vkeys);
    // Assess
    expect(report.failures).toEqual([
      expect.objectContaining({
        code: 'entry_malformed',
        origin: p0,
        index: 3,
        message: `Entry 3 is invalid: The entry does not match gk-audit/1 at ${where}`,
      }) as unknown,
    ]);
  });
});
