/** Submission planning: input parsing (NDJSON, CSV), requestIds, batching, resume state, summary. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhinInputError, PhinStateMismatchError } from '../../../shared/phin/errors.ts';
import { parseCsv, parseNdjson } from '../../../shared/phin/input.ts';
import { loadState, saveBatch } from '../../../shared/phin/state.ts';
import { chunk, submitEpisodes, type SendBatch } from '../../../shared/phin/submit.ts';
import { releasedNdjson, summarise } from '../../../shared/phin/summary.ts';

describe('input', () => {
  it('NDJSON: PHIN defaults, derived requestIds, a given requestId kept, blank lines skipped', () => {
    // Prepare
    const text = '{"patientId":"P1","episode":{"id":" EP-1 "}}\n\n{"requestId":"mine","episode":{"id":"EP-2"}}\n';

    // Act
    const [first, second] = parseNdjson(text, '2026-11');

    // Assess
    expect(first).toMatchObject({
      recipientId: 'phin',
      purpose: 'STATUTORY_REPORTING',
      jurisdiction: 'UK-ENG',
      requestId: 'phin-2026-11-EP-1',
    });
    expect(second?.['requestId']).toBe('mine');
  });

  it('NDJSON: a broken line names its line number, not its content', () => {
    // Act / Assess
    expect(() => parseNdjson('{"a":1}\n{"nhs":"9434765919"', 'p')).toThrow(
      new PhinInputError('line 2: not valid JSON'),
    );
  });

  it('CSV: quoted cells, code lists and procedure dates map onto the payload', () => {
    // Act
    const [row] = parseCsv(
      'patientId,episodeId,episodeType,funding,postcode,diagnoses,procedures\nP1,EP-9,APC_DAYCASE,SELF_PAY,"SW1A 1AA","M16.1; I10X",W37.1@2026-03-01;W38.1\n',
      'nov',
    );

    // Assess
    expect(row).toMatchObject({
      requestId: 'phin-nov-EP-9',
      patientId: 'P1',
      episode: { id: 'EP-9', type: 'APC_DAYCASE', funding: 'SELF_PAY', payerId: null },
      payload: {
        patient: { localId: 'P1', postcode: 'SW1A 1AA' },
        clinical: {
          diagnoses: [{ code: 'M16.1' }, { code: 'I10X' }],
          procedures: [{ code: 'W37.1', date: '2026-03-01' }, { code: 'W38.1' }],
        },
      },
    });
  });

  it('CSV: an unknown column (e.g. notes) is refused rather than silently ignored', () => {
    // Act / Assess
    expect(() => parseCsv('patientId,notes\nP1,x\n', 'p')).toThrow(PhinInputError);
  });
});

describe('batches and state', () => {
  it('chunks into batches of at most the size, and refuses sizes over 500', () => {
    // Act / Assess
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunk([1], 501)).toThrow(RangeError);
  });

  it('a saved state resumes for the same input and is refused for another', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'phin-state-')), 'm.state.json');
    const fresh = { inputDigest: 'a', batchSize: 2, batches: 3 };

    // Act
    await saveBatch(path, await loadState(path, fresh), 1, [{ status: 200 }]);
    const resumed = await loadState(path, fresh);
    const another = loadState(path, { ...fresh, inputDigest: 'b' });

    // Assess
    expect(resumed.completed).toEqual([1]);
    await expect(another).rejects.toBeInstanceOf(PhinStateMismatchError);
  });
});

describe('resume', () => {
  it('leaves a batch open while any of its items failed for now (503), and resends it whole on the next run', async () => {
    // Prepare
    const statePath = join(mkdtempSync(join(tmpdir(), 'phin-resume-')), 'm.state.json');
    const episodes = [{ requestId: 'a' }, { requestId: 'b' }, { requestId: 'c' }] as unknown as Parameters<
      typeof submitEpisodes
    >[0]['episodes'];
    const sent: string[][] = [];
    let unavailable = true;
    const send: SendBatch = (batch) => {
      const ids = batch.map((episode) => (episode as unknown as { requestId: string }).requestId);
      sent.push(ids);
      const results = ids.map((requestId) => ({
        requestId,
        status: requestId === 'b' && unavailable ? 503 : 200,
        problem: requestId === 'b' && unavailable ? { code: 'dependency_unavailable' } : undefined,
      }));
      return Promise.resolve({ status: 200, body: { results } });
    };
    const options = { episodes, inputDigest: 'x', batchSize: 2, statePath, send };

    // Act
    const firstRun = await submitEpisodes(options).catch((error: unknown) => error);
    unavailable = false;
    const results = await submitEpisodes(options);

    // Assess
    expect(firstRun).toBeInstanceOf(Error);
    expect((firstRun as Error).message).toMatch(/could not be decided yet/);
    expect(sent).toEqual([['a', 'b'], ['a', 'b'], ['c']]);
    expect(results.map((r) => [r.requestId, r.status])).toEqual([
      ['a', 200],
      ['b', 200],
      ['c', 200],
    ]);
  });
});

describe('summary', () => {
  it('counts outcomes, first reasons of denials, data-quality strips and problems; releases only payloads', () => {
    // Prepare
    const results = [
      {
        status: 200,
        decision: 'ALLOW_WITH_REDACTION',
        reasonCodes: ['ALLOW_LEGAL_OBLIGATION', 'DQ_IDENTIFIER_STRIPPED', 'ID_NHS_CHECKSUM'],
        payload: { a: 1 },
      },
      { status: 200, decision: 'DENY', reasonCodes: ['DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED'] },
      { status: 422, problem: { code: 'validation_failed' } },
      { status: 503, problem: { code: 'dependency_unavailable' } },
    ];

    // Act
    const summary = summarise(results);
    const released = releasedNdjson(results);

    // Assess
    expect(summary).toEqual({
      episodes: 4,
      allowed: 0,
      redacted: 1,
      denied: 1,
      referred: 0,
      invalid: 1,
      failed: 1,
      reasons: { DQ_IDENTIFIER_STRIPPED: 1, ID_NHS_CHECKSUM: 1, DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED: 1 },
      problems: { validation_failed: 1, dependency_unavailable: 1 },
    });
    expect(released).toBe('{"a":1}\n');
  });
});
