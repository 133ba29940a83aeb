/**
 * Global secondary indexes are eventually consistent on DynamoDB (DynamoDB Local updates them at
 * once). Only audit search (POST /v1/audit/search) and subject access (GET /v1/patients/{id}/
 * disclosures) read them (shared/adapters/dynamodb/audit-search.ts). With the isolation model
 * freezing every index, those two lag, as they may on DynamoDB, and nothing else does: the
 * withdrawal ordering, the idempotent retry and the log itself rest on strongly consistent reads of
 * base tables and on conditional writes, never on an index. A withdrawal that must notify earlier
 * recipients (reviews.md §3) reads their releases from the by-patient index, checked against the
 * release count the records keep: while the index misses a counted release it fails closed (503,
 * nothing recorded) rather than notify too few.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import { decisionEntries, INSURER_CLAIM, preparePatient, requestFor, withdrawConsent } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

const CLAIM = INSURER_CLAIM;

afterEach(() => isolation.reset());

describe('audit indexes that lag behind the log (eventually consistent GSIs)', () => {
  it('subject access and audit search lag; ordering, idempotent retries and the log do not', async () => {
    // Prepare
    const clinical = demo.clinical();
    const { patientId, consentIds } = await preparePatient(clinical, freshPatientId('LAG'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });
    await isolation.freezeIndexes();

    // Act
    const allowRequest = requestFor(patientId, CLAIM);
    const allow = decisionAnswerSchema.parse((await clinical.request('POST', '/v1/disclosures', allowRequest)).body);
    const retried = decisionAnswerSchema.parse((await clinical.request('POST', '/v1/disclosures', allowRequest)).body);
    const blocked = await withdrawConsent(clinical, patientId, consentIds.INSURER_CLAIM!);
    await isolation.catchUpIndexes();
    await isolation.freezeIndexes();
    const withdrawal = await withdrawConsent(clinical, patientId, consentIds.INSURER_CLAIM!);
    const afterWithdrawal = decisionAnswerSchema.parse(
      (await clinical.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM))).body,
    );
    const lagging = await clinical.request<{ disclosures: Array<{ decision: string }> }>(
      'GET',
      `/v1/patients/${patientId}/disclosures`,
    );
    const laggingSearch = await demo
      .auditor()
      .request<{ entries: unknown[] }>('POST', '/v1/audit/search', { patientId });
    await isolation.catchUpIndexes();
    const caughtUp = await clinical.request<{ disclosures: Array<{ decision: string }> }>(
      'GET',
      `/v1/patients/${patientId}/disclosures`,
    );
    const caughtUpSearch = await demo
      .auditor()
      .request<{ entries: unknown[] }>('POST', '/v1/audit/search', { patientId });

    // Assess: the promises hold while the indexes are frozen ...
    expect(allow.decision).toBe('ALLOW_WITH_REDACTION');
    expect([blocked.status, withdrawal.status]).toEqual([503, 200]);
    expect((withdrawal.body as { notifications: unknown[] }).notifications).toHaveLength(1);
    expect(retried.receipt).toEqual(allow.receipt);
    expect([afterWithdrawal.decision, afterWithdrawal.reasonCodes[0]]).toEqual(['DENY', 'DENY_CONSENT_WITHDRAWN']);
    const logged = await decisionEntries(allow.receipt.origin, patientId);
    expect(logged.map(({ index }) => index)).toEqual([allow.receipt.index, afterWithdrawal.receipt.index]);
    // ... while the two index reads show none of the decisions made since the (second) freeze, until they catch up.
    expect([lagging.status, lagging.body.disclosures.map((d) => d.decision)]).toEqual([200, ['ALLOW_WITH_REDACTION']]);
    expect(laggingSearch.status).toBe(200);
    expect(caughtUp.body.disclosures.map((d) => d.decision)).toEqual(['DENY', 'ALLOW_WITH_REDACTION']);
    expect(caughtUpSearch.body.entries.length).toBeGreaterThan(laggingSearch.body.entries.length);
  });
});
