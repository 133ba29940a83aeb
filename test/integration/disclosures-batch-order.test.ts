/**
 * Issue 15: a batch decides its items log by log, one patient's item after another's, so that the
 * items decided together can share an audit transaction (test/unit/disclosures/batch-grouping.test.ts
 * counts the transactions). Over HTTP against the local stack: whatever order the items are decided
 * in, the answers keep request order, each item is decided and logged once in its patient's log,
 * and every log the batch touched still keeps its promises.
 */
import { describe, expect, it } from 'vitest';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionEntries, logEntries, preparePatient } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';
import { phinRequest } from '../unit/phin/fixtures.ts';

interface Item {
  readonly requestId?: string;
  readonly status: number;
  readonly decision?: string;
  readonly receipt?: { origin: string; index: number };
}

describe('a batch of many patients decided out of request order', () => {
  it('answers in request order and logs each item once, in its patient log', async () => {
    // Prepare: 8 patients × 2 episodes, patient by patient
    const client = demo.clinical();
    const requests: DisclosureRequest[] = [];
    for (let p = 0; p < 8; p += 1) {
      const { patientId } = await preparePatient(client, freshPatientId('BORD'));
      requests.push(phinRequest(patientId, freshId('EP')), phinRequest(patientId, freshId('EP')));
    }

    // Act
    const response = await client.request<{ results: Item[] }>('POST', '/v1/disclosures/batch', { requests });

    // Assess
    const results = response.body.results;
    expect(response.status).toBe(200);
    expect(results.map((r) => [r.requestId, r.status, r.decision])).toEqual(
      requests.map((r) => [r.requestId, 200, 'ALLOW_WITH_REDACTION']),
    );
    const places = results.map((r) => `${r.receipt!.origin}#${r.receipt!.index}`);
    expect(new Set(places).size).toBe(requests.length);
    for (let i = 0; i < requests.length; i += 2)
      expect(results[i]!.receipt!.origin).toBe(results[i + 1]!.receipt!.origin);
    for (const [i, request] of requests.entries())
      expect(await decisionEntries(results[i]!.receipt!.origin, request.patientId, request.requestId)).toHaveLength(1);
    for (const origin of new Set(results.map((r) => r.receipt!.origin))) {
      const promises = new LogPromises();
      const broken = (await logEntries(origin)).flatMap(({ index, bytes }) => {
        const failure = promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index);
        return failure ? [failure.code] : [];
      });
      expect(broken).toEqual([]);
    }
  }, 120_000);
});
