/**
 * api.md §4.1 idempotency when the retries overlap: identical requests (one requestId, one body)
 * sent at once all decide, but only one entry can commit with the stored answer. The others lose
 * the race on the stored answer (a companion write tagged `idempotentAnswer`) and answer with the
 * answer that won: same decision, same receipt, ONE audit entry.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { decisionEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

const CONCURRENT_RETRIES = 6;

describe('overlapping retries of one disclosure request', () => {
  it('answer every copy with the one logged decision and its receipt, logging it once', async () => {
    // Prepare
    const client = demo.clinical();
    const patient = await preparePatient(client, freshPatientId());
    const body = requestFor(patient.patientId);

    // Act
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_RETRIES }, () => client.request('POST', '/v1/disclosures', body)),
    );

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const parsed = answers.map((answer) => decisionAnswerSchema.parse(answer.body));
    const receipts = new Set(parsed.map((answer) => JSON.stringify(answer.receipt)));
    expect(receipts.size).toBe(1);
    expect(new Set(parsed.map((answer) => answer.decision)).size).toBe(1);
    const logged = await decisionEntries(parsed[0]!.receipt.origin, patient.patientId, body.requestId);
    expect(logged).toHaveLength(1);
    expect([logged[0]!.index, logged[0]!.entry['id']]).toEqual([parsed[0]!.receipt.index, parsed[0]!.receipt.entryId]);
  });
});
