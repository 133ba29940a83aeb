import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { scanForMarkers } from '../../support/log-capture.ts';
import { registerLogMarkers, stringLeaves } from '../../support/log-registry.ts';
import {
  LOG_FILES,
  describeHits,
  finishRunLogScan,
  scanRunLog,
  startRunLogCapture,
  type RunLogCapture,
} from '../../support/run-log-scan.ts';

const dirs: string[] = [];
let capture: RunLogCapture | undefined;

afterEach(() => {
  capture?.stop();
  capture = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshCapture(maxBytes?: number): RunLogCapture {
  const dir = mkdtempSync(join(tmpdir(), 'logscan-test-'));
  dirs.push(dir);
  capture = startRunLogCapture(dir, maxBytes);
  return capture;
}

const debugLogger = () => new Logger({ serviceName: 'gatekeeper', logLevel: 'DEBUG' });

describe('scanForMarkers', () => {
  it('finds an id inside a longer token, a name as a substring, and nothing in a clean line', () => {
    // Prepare
    const consentId = `x-${randomUUID()}`;
    const chunks = [
      { source: 'a', text: `{"level":"DEBUG","message":"put","key":"cons-b-${consentId}"}\n` },
      { source: 'b', text: 'refused for Ada Lovelace today\n' },
      { source: 'c', text: `{"level":"WARN","message":"throttled","requestId":"req-${randomUUID()}"}\n` },
    ];

    // Act
    const hits = scanForMarkers(chunks, [consentId, 'Ada Lovelace']);

    // Assess
    expect(hits.map((hit) => [hit.source, hit.marker])).toEqual([
      ['a', consentId],
      ['b', 'Ada Lovelace'],
    ]);
  });
});

describe('the run log capture and scan', () => {
  it('catches a registered value planted in each captured source, and names it only by hash and prefix', () => {
    // Prepare
    const output = freshCapture();
    const patientId = `MRN-${randomUUID().slice(0, 8)}`;
    const requestId = `req-${randomUUID()}`;
    registerLogMarkers([patientId, requestId, 'Ada Lovelace', 'short'], output.registryFile);

    // Act
    debugLogger().debug('planted', { patientId });
    console.error('planted by the KMS endpoint', requestId);
    output.onDynamoDbOutput(`planted by DynamoDB Local Ada Lovelace\n`);
    output.stop();
    const scan = scanRunLog(output.dir, output.registryFile);

    // Assess
    expect(scan.markers, 'the 5-character value is not a marker').toBe(3);
    expect(scan.hits.map((hit) => [hit.source, hit.marker]).sort()).toEqual(
      [
        [LOG_FILES.console, requestId],
        [LOG_FILES.dynamoDb, 'Ada Lovelace'],
        [LOG_FILES.powertools, patientId],
      ].sort(),
    );
    const described = describeHits(scan.hits).join('\n');
    for (const value of [patientId, requestId, 'Ada Lovelace']) expect(described).not.toContain(value);
    expect(described).toMatch(/sha256:[0-9a-f]{12} \(MRN…/u);
  });

  it('finds nothing when the logs carry no registered value, and counts lines by level', () => {
    // Prepare
    const output = freshCapture();
    registerLogMarkers(
      [
        `MRN-${randomUUID().slice(0, 8)}`,
        ...stringLeaves({ name: { family: 'Lovelace' }, notes: ['Anxious about anaesthesia'] }),
      ],
      output.registryFile,
    );

    // Act
    debugLogger().warn('throttled', { attempt: 2 });
    debugLogger().debug('retrying');
    console.error('local KMS: unexpected failure');
    const stats = output.stop();
    const scan = scanRunLog(output.dir, output.registryFile);

    // Assess
    expect(scan.markers).toBe(3);
    expect(scan.hits).toEqual([]);
    expect(stats.levels).toEqual({ WARN: 1, DEBUG: 1, ERROR: 1 });
    expect(readFileSync(join(output.dir, LOG_FILES.powertools), 'utf8')).toContain('"retrying"');
  });

  it('says how much it dropped past its bound, so a cut-short capture cannot pass as clean', () => {
    // Prepare
    const output = freshCapture(200);

    // Act
    for (let line = 0; line < 5; line += 1)
      debugLogger().info('a line long enough to reach the bound quickly', { line });
    const stats = output.stop();

    // Assess
    expect(stats.bytes).toBeLessThanOrEqual(200);
    expect(stats.droppedBytes).toBeGreaterThan(0);
  });

  it('once stopped, a writer someone kept hold of prints as before instead of writing to a closed file', () => {
    // Prepare
    const vitestConsoleLog = console.log;
    const printed: unknown[][] = [];
    console.log = (...args: unknown[]) => {
      printed.push(args);
    };
    const output = freshCapture();
    const keptByAnotherPatch = console.log;
    output.stop();

    // Act
    try {
      keptByAnotherPatch('after the end');
    } finally {
      console.log = vitestConsoleLog;
    }

    // Assess
    expect(printed).toEqual([['after the end']]);
    expect(readFileSync(join(output.dir, LOG_FILES.console), 'utf8')).toBe('');
  });

  it('fails the run on a planted value with its count and source, never the value, and passes a clean one with a summary', () => {
    // Prepare
    const planted = freshCapture();
    const clean = `${planted.dir}-clean`;
    const requestId = `req-${randomUUID()}`;
    registerLogMarkers([requestId], planted.registryFile);
    debugLogger().warn('planted', { body: { requestId } });

    // Act
    const failure = (() => {
      try {
        finishRunLogScan(planted);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    dirs.push(clean);
    const passed = finishRunLogScan(startRunLogCapture(mkdirFresh(clean)));

    // Assess
    expect(failure).toMatch(/1 log occurrence\(s\)[\s\S]*1× in gatekeeper-log-lines\.log/u);
    expect(failure).not.toContain(requestId);
    expect(passed).toMatch(/^log scan: 0 registered values, .* 0 found; lines by level: none/u);
  });
});

function mkdirFresh(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
