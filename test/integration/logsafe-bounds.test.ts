/**
 * api.md §1.1 and audit.md §2 over HTTP against the local stack: each payload bound at its edge
 * (200) and one past it (422 naming the path, never echoing the value); a 20,000-key payload is
 * refused without touching its neighbours; entries fold transformations and log overrides by
 * digest, read back through POST /v1/audit/entries.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import {
  MAX_ARRAY_ITEMS,
  MAX_DEPTH,
  MAX_STRING_BYTES,
  MAX_UNKNOWN_MEMBERS,
} from '../../shared/schemas/payload-bounds.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';
import { fullPayload } from '../unit/policy/fixtures.ts';

const MARK = 'MARKER-bounds-5e0a';

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    code?: string;
    errors?: Array<{ path: string }>;
    receipt?: { origin: string; index: number };
  };
}

async function disclose(body: unknown): Promise<Answer> {
  return await demo.clinical().request('POST', '/v1/disclosures', body);
}

async function loggedEntry(receipt: {
  origin: string;
  index: number;
}): Promise<Record<string, unknown> & { decision: Record<string, unknown> }> {
  const response = await demo.auditor().request<{ entries: string[] }>('POST', '/v1/audit/entries', {
    origin: receipt.origin,
    start: receipt.index,
    limit: 1,
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.body.entries[0]!) as Record<string, unknown> & { decision: Record<string, unknown> };
}

function nested(depth: number): unknown {
  let inner: unknown = { leaf: MARK };
  for (let level = depth; level > 3; level -= 1) inner = { deeper: inner };
  return inner;
}

const unknownKeys = (count: number, value: unknown = MARK) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, value]));
const withPayloadExtra = (patientId: string, extra: Record<string, unknown>): DisclosureRequest => ({
  ...requestFor(patientId),
  payload: { ...requestFor(patientId).payload, ...extra },
});

describe('payload-shape bounds over HTTP (api.md §1.1)', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['depth', { extra: nested(MAX_DEPTH) }, { extra: nested(MAX_DEPTH + 1) }],
    ['array items', { extra: Array(MAX_ARRAY_ITEMS).fill(1) }, { extra: Array(MAX_ARRAY_ITEMS + 1).fill(1) }],
    [
      'string bytes',
      { extra: MARK + 'x'.repeat(MAX_STRING_BYTES - MARK.length) },
      { extra: MARK + 'x'.repeat(MAX_STRING_BYTES - MARK.length + 1) },
    ],
    ['unknown members', unknownKeys(MAX_UNKNOWN_MEMBERS), unknownKeys(MAX_UNKNOWN_MEMBERS + 1)],
  ];

  it.each(cases)(
    '%s: decided at the bound, 422 naming the path one past it, value not echoed',
    async (_, atBound, pastBound) => {
      // Prepare
      const patientId = freshPatientId();
      await preparePatient(demo.clinical(), patientId);

      // Act
      const accepted = await disclose(withPayloadExtra(patientId, atBound));
      const refused = await disclose(withPayloadExtra(patientId, pastBound));

      // Assess
      expect(accepted.status).toBe(200);
      expect([refused.status, refused.body.code]).toEqual([422, 'validation_failed']);
      expect(refused.body.errors?.map((error) => error.path.split('.')[0])).toEqual(['payload']);
      expect(JSON.stringify(refused.body)).not.toContain(MARK);
    },
  );

  it.each([['a b'], ['..'], ['.'], ['x'.repeat(129)], [`${MARK}/x`]])(
    'requestId %j outside the id alphabet → 422 on requestId',
    async (requestId) => {
      // Act
      const refused = await disclose({ ...requestFor(freshPatientId()), requestId });

      // Assess
      expect([refused.status, refused.body.errors?.map((error) => error.path)]).toEqual([422, ['requestId']]);
      expect(JSON.stringify(refused.body)).not.toContain(MARK);
    },
  );

  it('a batch of 500 is answered item by item; 501 → 422', async () => {
    // Prepare
    const items = (n: number) => ({ requests: Array.from({ length: n }, () => ({})) });

    // Act
    const [atBound, pastBound] = await Promise.all([
      demo.clinical().request<{ results: unknown[] }>('POST', '/v1/disclosures/batch', items(500)),
      demo.clinical().request<{ code: string }>('POST', '/v1/disclosures/batch', items(501)),
    ]);

    // Assess
    expect([atBound.status, atBound.body.results.length]).toEqual([200, 500]);
    expect([pastBound.status, pastBound.body.code]).toEqual([422, 'validation_failed']);
  });
});

describe('bounded entries, isolated failures (audit.md §2)', () => {
  it('20,000 unknown keys → 422, and six concurrent honest decisions on the same patient log all succeed', async () => {
    // Prepare
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId);
    // Short values keep the body under the 256 KiB limit, so it is the member count that is refused.
    const hostile = withPayloadExtra(patientId, unknownKeys(20_000, 1));
    const honest = Array.from({ length: 6 }, () => requestFor(patientId));

    // Act
    const [refused, ...answers] = await Promise.all([disclose(hostile), ...honest.map(disclose)]);

    // Assess
    expect([refused.status, refused.body.code]).toEqual([422, 'validation_failed']);
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const indexes = answers.map((answer) => answer.body.receipt!.index);
    expect(new Set(indexes).size).toBe(6);
    const entries = await Promise.all(answers.map((answer) => loggedEntry(answer.body.receipt!)));
    expect(entries.map((entry) => (entry['request'] as { requestId: string }).requestId).sort()).toEqual(
      honest.map((r) => r.requestId).sort(),
    );
  });

  it('the entry folds per-index rows and unknown members; the answer keeps them all', async () => {
    // Prepare
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId);
    const payload = fullPayload();
    const diagnoses = Array.from({ length: 3 }, () => ({ code: 'M16.1', description: `${MARK} free text` }));
    const request = requestFor(patientId, {
      recipientId: 'phin',
      purpose: 'STATUTORY_REPORTING',
      payload: { ...unknownKeys(40), ...payload, clinical: { ...payload.clinical, diagnoses } },
    });

    // Act
    const answer = await disclose(request);
    const entry = await loggedEntry(answer.body.receipt!);

    // Assess
    expect(answer.status).toBe(200);
    const rows = answer.body['transformations'] as Array<{ path: string }>;
    expect(rows.filter((row) => /^clinical\.diagnoses\[\d\]\.description$/u.test(row.path))).toHaveLength(3);
    expect(rows.filter((row) => /^k\d+$/u.test(row.path))).toHaveLength(40);
    expect(entry.decision['transformations']).toContainEqual({
      path: 'clinical.diagnoses[*].description',
      action: 'DROPPED',
      reason: 'REDACT_FREE_TEXT',
      count: 3,
    });
    expect(entry.decision['transformations']).toContainEqual({
      path: '(unknown)',
      action: 'DROPPED',
      reason: 'REDACT_MINIMISATION',
      count: 40,
    });
    expect(JSON.stringify(entry)).not.toMatch(/MARKER|"k\d+"/u);
  });

  it('an override is logged with who approved it and the digest of the justification, never its text', async () => {
    // Prepare
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId, { objections: ['GP'] });
    const justification = `Child protection concern ${MARK}`;
    const override = {
      code: 'SAFEGUARDING',
      approverRole: 'CALDICOTT_GUARDIAN',
      approvedBy: 'cg-17',
      justification,
    } as const;

    // Act
    const answer = await disclose(requestFor(patientId, { override }));
    const entry = await loggedEntry(answer.body.receipt!);

    // Assess
    expect(answer.status).toBe(200);
    expect(entry.decision['override']).toEqual({
      code: 'SAFEGUARDING',
      approverRole: 'CALDICOTT_GUARDIAN',
      approvedBy: 'cg-17',
      justificationDigest: `sha-256=:${createHash('sha256').update(justification, 'utf8').digest('base64')}:`,
    });
    expect(JSON.stringify(entry)).not.toContain(MARK);
  });
});
