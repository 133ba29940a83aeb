/**
 * The fault soak in miniature (the full one is `npm run soak`): 1,000 mixed requests from several
 * clients while DynamoDB throttles, fails, conflicts, cuts connections and loses the answers of
 * committed transactions, and KMS throttles, fails, reports its key disabled or answers slowly.
 * Indeterminate answers are retried with the same ids; then the offline verifier proves every log
 * and the soak's checks find no lost, doubled or unfounded release (test/soak/checks.ts).
 *
 * Requests are spread over three gatekeeper API processes sharing one DynamoDB Local and one KMS
 * endpoint (so no in-process queue hides a race between instances); one of them is SIGKILLed every
 * 8–16 s, mid-request, and replaced.
 *
 * The stack is started in this worker: the faults must reach only this test's requests. The seed
 * is printed with every failure (SOAK_SEED=<seed> replays the workload).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soakSeed } from '../soak/random.ts';
import { runSoak } from '../soak/soak.ts';
import { startSoakStack, type SoakStack } from '../soak/soak-stack.ts';
import { formatSoak, soakPassed } from '../soak/summary.ts';

const seed = soakSeed();
let stack: SoakStack;

beforeAll(async () => {
  // 503s under faults are logged at ERROR by design; the summary says what happened, quieter.
  process.env['POWERTOOLS_LOG_LEVEL'] = 'CRITICAL';
  stack = await startSoakStack({ seed, processes: 3 });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('fault soak', () => {
  it('1,000 requests over three processes under DynamoDB, KMS and process-kill faults: nothing lost, nothing doubled, no withdrawn consent or objection ignored', async () => {
    // Prepare
    const requests = 1000;

    // Act
    const result = await runSoak(stack, { seed, requests, patients: 12, concurrency: 8, budgetMs: 95_000, killEveryMs: [8_000, 16_000] });

    // Assess
    const summary = formatSoak(result, seed);
    expect(result.records.length, summary).toBe(requests);
    expect(result.faults['commitThenError']! + result.faults['commitThenDrop']!, summary).toBeGreaterThan(0);
    expect(result.records.some((record) => record.firstClass === 'indeterminate'), summary).toBe(true);
    expect(result.faults['processKills'], summary).toBeGreaterThan(0);
    expect(result.findings.report.ok, summary).toBe(true);
    expect(result.findings.violations, summary).toEqual([]);
    expect(soakPassed(result), summary).toBe(true);
  }, 150_000);
});
