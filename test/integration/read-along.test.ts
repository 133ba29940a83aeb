/**
 * Issue 15, over HTTP against the local stack: a warm function admits `POST /v1/disclosures` on one
 * BatchGetItem of the client's and the recipient's records (shared/auth/admission-read.ts). The
 * read is strongly consistent and made for the request, so nothing of api.md §1 changes: a
 * revocation or suspension takes effect on the very next request, and the decision rests on the
 * recipient as it is at that request, not as it was at the warm one.
 */
import { describe, expect, it } from 'vitest';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { generateClientKey } from '../../shared/client/index.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { expectOk } from './audit-fixture.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { clientFor, demo, freshId, freshPatientId } from '../support/stack.ts';

type Problem = { code: string };
const outcome = (response: { status: number; body: unknown }) => [
  response.status,
  response.status === 200 ? 'ok' : (response.body as Problem).code,
];

/** A client of its own with these scopes, so a test can revoke, suspend and rescope it. */
async function freshClient(scopes: string[]): Promise<{ clientId: string; client: GatekeeperClient; put: Put }> {
  const clientId = freshId('c');
  const key = await generateClientKey('ES256', 'k1');
  const put: Put = (change = {}) =>
    demo.admin().request('PUT', `/v1/clients/${clientId}`, {
      name: 'Read along',
      scopes,
      status: 'ACTIVE',
      keys: [key.publicJwk],
      ...change,
    });
  await expectOk(put());
  return { clientId, client: clientFor(clientId, key.privateJwk), put };
}
type Put = (change?: object) => ReturnType<GatekeeperClient['request']>;

describe('POST /v1/disclosures admitted on the read of its recipient', () => {
  it('decides on the recipient as it is at the request, as a cold function decides it', async () => {
    // Prepare: a GP recipient of the patient's practice; a warm decision; then the GP moves practice
    const recipientId = freshId('gp');
    const putGp = (odsCode: string) =>
      expectOk(demo.admin().request('PUT', `/v1/recipients/${recipientId}`, { name: 'GP', category: 'GP', odsCode }));
    await putGp('Y01234');
    const { client } = await freshClient(['disclosure:check']);
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const before = await expectOk(
      client.request('POST', '/v1/disclosures', requestFor(patient.patientId, { recipientId })),
    );
    await putGp('Y99999');
    const { client: cold } = await freshClient(['disclosure:check']);

    // Act
    const warm = await client.request('POST', '/v1/disclosures', requestFor(patient.patientId, { recipientId }));
    const fresh = await cold.request('POST', '/v1/disclosures', requestFor(patient.patientId, { recipientId }));

    // Assess
    const decided = (body: unknown) => {
      const answer = decisionAnswerSchema.parse(body);
      return { decision: answer.decision, reasonCodes: answer.reasonCodes, basis: answer.basis };
    };
    expect(decided(before).decision).toBe('ALLOW_WITH_REDACTION');
    expect(decided(warm.body)).toEqual(decided(fresh.body));
    expect(decided(warm.body)).not.toEqual(decided(before));
  });

  it('refuses a revoked key and a suspended client on the next disclosure after a warm one', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const [revoked, suspended] = await Promise.all([1, 2].map(() => freshClient(['disclosure:check'])));
    for (const { client } of [revoked!, suspended!])
      await expectOk(client.request('POST', '/v1/disclosures', requestFor(patient.patientId)));
    await expectOk(demo.admin().request('POST', `/v1/clients/${revoked!.clientId}/keys/k1/revoke`, {}));
    await expectOk(suspended!.put({ status: 'SUSPENDED' }));

    // Act
    const after = await Promise.all(
      [revoked!, suspended!].map(({ client }) =>
        client.request('POST', '/v1/disclosures', requestFor(patient.patientId)),
      ),
    );

    // Assess
    expect(after.map(outcome)).toEqual([
      [401, 'key_revoked'],
      [403, 'client_suspended'],
    ]);
  });

  it('answers a body naming an unknown recipient as the cold function does', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const { client } = await freshClient(['disclosure:check']);
    await expectOk(client.request('POST', '/v1/disclosures', requestFor(patient.patientId)));
    const { client: cold } = await freshClient(['disclosure:check']);
    const unknown = freshId('gp');

    // Act
    const warm = await client.request(
      'POST',
      '/v1/disclosures',
      requestFor(patient.patientId, { recipientId: unknown }),
    );
    const fresh = await cold.request(
      'POST',
      '/v1/disclosures',
      requestFor(patient.patientId, { recipientId: unknown }),
    );

    // Assess
    const decided = (body: unknown) => {
      const answer = decisionAnswerSchema.parse(body);
      return { decision: answer.decision, reasonCodes: answer.reasonCodes };
    };
    expect(decided(warm.body)).toEqual(decided(fresh.body));
    expect(decided(warm.body).decision).toBe('DENY');
  });
});
