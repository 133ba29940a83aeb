/**
 * The whole-run log scan (test/global-setup.ts, test/support/run-log-scan.ts) seen from a test: the
 * values a test makes are registered for the run, the shared stack's handler lines land in the
 * capture at DEBUG instead of on the terminal, and nothing registered so far is in any of them.
 * The final verdict over every file is the global teardown's; this file gives an early one.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { LOG_FILES, describeHits, scanRunLog } from '../support/run-log-scan.ts';
import { demo, freshPatientId, kmsFault, stack } from '../support/stack.ts';
import '../support/log-registry.ts';

const capturedBytes = (dir: string) =>
  Object.values(LOG_FILES).reduce(
    (sum, name) => sum + (existsSync(join(dir, name)) ? statSync(join(dir, name)).size : 0),
    0,
  );

describe('whole-run log scan', () => {
  it('registers the ids and payload values a disclosure uses, captures the stack’s WARN and ERROR lines about it, and finds none of them there', async () => {
    // Prepare
    const { registryFile } = inject('logScan');
    const dir = dirname(registryFile);
    const before = capturedBytes(dir);
    const client = demo.clinical();
    const patientId = freshPatientId('LOGSCAN');
    await preparePatient(client, patientId);
    const body = requestFor(patientId);

    // Act: a refused signature (WARN) and a KMS failure (ERROR), both about this patient's request
    const unsigned = await fetch(`${stack().url}/v1/patients/${patientId}/ndop`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'OPTED_OUT', checkedAt: new Date().toISOString() }),
    });
    await kmsFault({ mode: 'error', times: 20 });
    const failed = await client.request('POST', '/v1/disclosures', body).finally(() => kmsFault(null));
    const scan = scanRunLog(dir, registryFile);

    // Assess
    expect(unsigned.status).toBe(401);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const registered = new Set(readFileSync(registryFile, 'utf8').split('\n'));
    for (const value of [
      patientId,
      body.requestId,
      '9990000018',
      'Lovelace',
      'Anxious about anaesthesia; spouse present',
    ]) {
      expect(registered.has(value), 'registered').toBe(true);
    }
    expect(capturedBytes(dir), 'the stack’s lines of this test were captured').toBeGreaterThan(before);
    const lines = readFileSync(join(dir, LOG_FILES.powertools), 'utf8');
    expect(lines).toMatch(/"level":"WARN".*Signed request rejected/u);
    expect(lines).toMatch(/"level":"ERROR".*Request failed/u);
    expect(scan.markers).toBeGreaterThan(5);
    expect(describeHits(scan.hits)).toEqual([]);
  });
});
