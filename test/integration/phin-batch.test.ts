/**
 * POST /v1/disclosures/batch for PHIN (api.md §4.1, pseudonymisation.md "Cost and speed"): results in
 * request order, a bad item does not fail the others, a retried batch is answered from the stored
 * decisions, and KMS is asked once per distinct identifier. The KMS count is measured through the
 * local KMS fault API: a GenerateMac budget of exactly N (then persistent throttling) must suffice,
 * and N − 1 must not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionEntries, preparePatient } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, kmsFault } from '../support/stack.ts';
import { phinRequest } from '../unit/phin/fixtures.ts';

interface Item {
  requestId?: string;
  status: number;
  decision?: string;
  receipt?: { origin: string; index: number };
  problem?: { code: string };
}
type BatchBody = { results: Item[] };

afterEach(async () => kmsFault(null));

async function patientsWithEpisodes(patients: number, episodes: number): Promise<DisclosureRequest[]> {
  const client = demo.clinical();
  const requests: DisclosureRequest[] = [];
  for (let p = 0; p < patients; p += 1) {
    const { patientId } = await preparePatient(client, freshPatientId());
    for (let e = 0; e < episodes; e += 1) requests.push(phinRequest(patientId, freshId('EP')));
  }
  return requests;
}

/** Exactly `budget` GenerateMac calls answer; every later one is throttled (and so, after retries, 503). */
async function macBudget(budget: number): Promise<void> {
  await kmsFault({ operation: 'GenerateMac', mode: 'delay', delayMs: 0, times: budget });
  await kmsFault({ operation: 'GenerateMac', mode: 'throttle' });
}

describe('PHIN batch', () => {
  it('answers in request order, decides and logs each item once, and a bad item fails alone', async () => {
    // Prepare
    const client = demo.clinical();
    const good = await patientsWithEpisodes(2, 3);
    const invalid = { ...good[0]!, requestId: 'phin-invalid-1', purpose: 'NOT_A_PURPOSE' };
    const nhsFunded = {
      ...good[1]!,
      requestId: freshId('req'),
      episode: { ...good[1]!.episode, id: freshId('EP'), funding: 'NHS_FUNDED' as const },
    };
    const requests = [good[0]!, invalid, good[1]!, nhsFunded, ...good.slice(2)];

    // Act
    const first = await client.request<BatchBody>('POST', '/v1/disclosures/batch', { requests });
    const again = await client.request<BatchBody>('POST', '/v1/disclosures/batch', { requests });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.requestId)).toEqual(requests.map((r) => r.requestId));
    expect(first.body.results.map((r) => r.status)).toEqual(requests.map((r) => (r === invalid ? 422 : 200)));
    expect(first.body.results[1]!.problem?.code).toBe('validation_failed');
    expect(first.body.results[3]!.decision).toBe('DENY');
    expect(first.body.results.filter((r) => r.decision === 'ALLOW_WITH_REDACTION')).toHaveLength(good.length);
    expect(again.body.results.map((r) => r.receipt)).toEqual(first.body.results.map((r) => r.receipt));
    for (const [i, request] of requests.entries()) {
      if (request === invalid) continue;
      const { receipt } = first.body.results[i]!;
      expect(await decisionEntries(receipt!.origin, request.patientId, request.requestId)).toHaveLength(1);
    }
  });

  it('makes exactly one GenerateMac call per distinct identifier of the batch', async () => {
    // Prepare: 3 patients × 4 episodes → 12 local-id occurrences (3 distinct) and 12 episode ids, plus
    // each patient's audit key: the disclosures function keeps its own cache, as its own Lambda does
    // (the records function that registered the patients computed theirs in its own process).
    const client = demo.clinical();
    const enough = await patientsWithEpisodes(3, 4);
    const short = await patientsWithEpisodes(3, 4);
    const distinct = 3 + 3 + 12;

    // Act
    await macBudget(distinct);
    const within = await client.request<BatchBody>('POST', '/v1/disclosures/batch', { requests: enough });
    await kmsFault(null);
    await macBudget(distinct - 1);
    const beyond = await client.request<BatchBody & { code?: string }>('POST', '/v1/disclosures/batch', {
      requests: short,
    });

    // Assess
    expect(within.status).toBe(200);
    expect(within.body.results.map((r) => r.decision)).toEqual(enough.map(() => 'ALLOW_WITH_REDACTION'));
    expect([beyond.status, beyond.body.code]).toEqual([503, 'dependency_unavailable']);
    const origin = within.body.results[0]!.receipt!.origin.replace(/p\d+$/u, '');
    for (let log = 0; log < 8; log += 1) {
      for (const request of short)
        expect(await decisionEntries(`${origin}p${log}`, request.patientId, request.requestId)).toHaveLength(0);
    }
  });
});
