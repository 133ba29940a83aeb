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
 * Every log line of the run, at DEBUG, is kept: this worker's (handlers of the checkpoint timer,
 * the KMS endpoint, Powertools), the API processes' and DynamoDB Local's. None may hold an id the
 * workload chose or an identifying payload value; a line planted afterwards shows the scan bites.
 *
 * The stack is started in this worker: the faults must reach only this test's requests. The seed
 * is printed with every failure (SOAK_SEED=<seed> replays the workload).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soakMarkers } from '../soak/markers.ts';
import { soakSeed } from '../soak/random.ts';
import { runSoak, type SoakResult } from '../soak/soak.ts';
import { startSoakStack, type SoakStack } from '../soak/soak-stack.ts';
import { formatSoak, soakPassed } from '../soak/summary.ts';
import { captureProcessOutput, scanForMarkers, type LogCapture } from '../support/log-capture.ts';

const seed = soakSeed();
let stack: SoakStack;
let capture: LogCapture;
let result: SoakResult | undefined;

beforeAll(async () => {
  process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
  capture = captureProcessOutput();
  stack = await startSoakStack({ seed, processes: 3, onDynamoDbOutput: (text) => capture.add('DynamoDB Local', text) });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  capture?.restore();
});

describe('fault soak', () => {
  it('1,000 requests over three processes under DynamoDB, KMS and process-kill faults: nothing lost, nothing doubled, no withdrawn consent or objection ignored', async () => {
    // Prepare (SOAK_REQUESTS shortens a local debugging run; npm test runs the full thousand)
    const requests = Number(process.env['SOAK_REQUESTS'] ?? 1000);

    // Act
    result = await runSoak(stack, {
      seed,
      requests,
      patients: 12,
      concurrency: 8,
      budgetMs: 200_000,
      killEveryMs: [8_000, 16_000],
    });

    // Assess
    const summary = formatSoak(result, seed);
    expect(result.records.length, summary).toBe(requests);
    expect(result.faults['commitThenError']! + result.faults['commitThenDrop']!, summary).toBeGreaterThan(0);
    expect(
      result.records.some((record) => record.firstClass === 'indeterminate'),
      summary,
    ).toBe(true);
    expect(result.faults['processKills'], summary).toBeGreaterThan(0);
    expect(result.findings.report.ok, summary).toBe(true);
    expect(result.findings.violations, summary).toEqual([]);
    expect(soakPassed(result), summary).toBe(true);
  }, 260_000);

  it('leaves no id or payload value of the run in any log line, and the scan finds one planted', () => {
    // Prepare
    expect(result, 'the soak ran').toBeDefined();
    const markers = soakMarkers(result!.records, `s${seed}`);
    for (const text of stack.processes?.output() ?? []) capture.add('API processes', text);
    const before = scanForMarkers(capture.chunks(), markers);
    const planted = [...markers].find((marker) => marker.startsWith('SOAK-'))!;

    // Act
    new Logger({ serviceName: 'gatekeeper', logLevel: 'DEBUG' }).info('planted', { patientId: planted });
    const after = scanForMarkers(capture.chunks(), markers);

    // Assess
    expect(before, JSON.stringify(before.slice(0, 5))).toEqual([]);
    const sources = new Set(capture.chunks().map((chunk) => chunk.source));
    expect([...sources].sort(), 'every source was captured').toEqual([
      'API processes',
      'DynamoDB Local',
      'this process',
    ]);
    expect(markers.size, 'markers').toBeGreaterThan(result!.records.length / 2);
    expect(after.map((hit) => [hit.source, hit.marker])).toEqual([['this process', planted]]);
  });
});
