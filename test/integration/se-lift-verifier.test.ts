/**
 * The spärr promise over a real log (policy-se.md §2, §9): a block lifted over HTTP and the SJF
 * release after it verify; the same log with the lift's `at` moved past the release (as a log
 * written before lifts dated ahead were refused could hold) reports that release, since the gate
 * would have held the block in force until then.
 */
import { describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import type { AuditEntry } from '../../shared/audit/entry.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { logEntries } from '../support/scenarios.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

/** The log's own promises (audit.md §8.4) over these entries, as the offline verifier checks them. */
function promisesOver(entries: ReadonlyArray<{ index: number; entry: AuditEntry }>) {
  const promises = new LogPromises();
  return entries.flatMap(({ index, entry }) => {
    const failure = promises.check(entry, index);
    return failure === undefined ? [] : [{ ...failure, index }];
  });
}

describe('the spärr promise over a lift recorded over HTTP', () => {
  it('verifies a release after a lift, and reports it once the lift is dated after the release', async () => {
    // Prepare: the SJF setup (S01) with an outer block, lifted now
    const client = demoSe.clinical();
    const scenario = SE_SCENARIOS.find((candidate) => candidate.id === 'S01')!;
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, scenario.records);
    const blockId = freshId('blk');
    const placed = { blockId, kind: 'YTTRE', at: new Date(Date.now() - 60_000).toISOString() };
    await client.request('POST', `/v1/patients/${patientId}/blocks`, {
      ...placed,
      source: 'LOCAL',
      recordedBy: 'staff-1',
    });
    const lift = { at: new Date().toISOString(), recordedBy: 'staff-1', reason: 'PATIENT_REQUEST' };
    await client.request('POST', `/v1/patients/${patientId}/blocks/${blockId}/lift`, lift);

    // Act
    const response = await client.request('POST', '/v1/disclosures', seRequest(scenario, patientId, freshId('req')));
    const answer = decisionAnswerSchema.parse(response.body);
    const logged = (await logEntries(answer.receipt.origin))
      .map(({ index, bytes }) => ({ index, entry: parseEntryBytes(new TextEncoder().encode(bytes)) }))
      .filter(({ entry }) => 'patient' in entry && entry.patient.ref === patientId);
    const liftedLater = logged.map(({ index, entry }) =>
      entry.type === 'record.block.lifted'
        ? {
            index,
            entry: { ...entry, record: { ...entry.record, at: new Date(Date.now() + 3_600_000).toISOString() } },
          }
        : { index, entry },
    );

    // Assess
    expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
    expect(logged.map(({ entry }) => entry.type)).toContain('record.block.lifted');
    expect(promisesOver(logged)).toEqual([]);
    expect(promisesOver(liftedLater)).toEqual([
      expect.objectContaining({ code: 'sparr_order_violation', index: answer.receipt.index }),
    ]);
  });
});
