/**
 * policy-se.md §9 ordering: an outer block (YTTRE) placed while SJF disclosures are in flight. Every
 * disclosure is decided either before the block's entry or on records that include it, never on
 * stale ones; the log is then read back and held to the verifier's spärr promise. Runs on DynamoDB
 * Local as it is and with the isolation model reading each records Query one item at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import { logEntries } from '../support/scenarios.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const S01 = SE_SCENARIOS.find((scenario) => scenario.id === 'S01')!;

async function disclose(client: GatekeeperClient, patientId: string, delayMs: number): Promise<DecisionAnswerBody> {
  await pause(delayMs);
  const response = await client.request('POST', '/v1/disclosures', seRequest(S01, patientId, freshId('req')));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return decisionAnswerSchema.parse(response.body);
}

async function placeOuterBlock(client: GatekeeperClient, patientId: string, delayMs: number): Promise<number> {
  await pause(delayMs);
  const response = await client.request<{ receipt: { index: number } }>('POST', `/v1/patients/${patientId}/blocks`, {
    blockId: freshId('blk'),
    kind: 'YTTRE',
    // Placed a moment before it is recorded, as a block read from the spärrtjänst would be.
    at: new Date(Date.now() - 1_000).toISOString(),
    source: 'NATIONELL_SPARRTJANST',
    recordedBy: 'staff-1',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.receipt.index;
}

describe.each([
  { reads: 'DynamoDB Local Queries', itemByItem: false },
  { reads: 'read-committed Queries (isolation model)', itemByItem: true },
])('an outer block racing SJF disclosures (policy-se.md §9), $reads', ({ itemByItem }) => {
  beforeAll(() => isolation.itemByItem(itemByItem, 5));
  afterAll(() => isolation.reset());

  it('12 disclosures racing one block: every ALLOW is logged before the block, every later one denied', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S01.records);

    // Act
    const [placedAt, ...answers] = await Promise.all([
      placeOuterBlock(client, patientId, 15),
      ...Array.from({ length: 12 }, (_, i) => disclose(client, patientId, i * 3)),
    ]);
    const promises = new LogPromises();
    const failures = (await logEntries(answers[0]!.receipt.origin))
      .map(({ index, bytes }) => promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index))
      .filter((failure) => failure !== undefined);

    // Assess
    for (const answer of answers) {
      const before = answer.receipt.index < placedAt;
      expect([answer.decision, answer.reasonCodes[0]]).toEqual(
        before ? ['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT'] : ['DENY', 'DENY_SE_YTTRE_SPARR'],
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
