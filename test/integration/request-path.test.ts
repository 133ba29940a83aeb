/**
 * Issue 15, the request path over HTTP against the local stack: each API function keeps the
 * registry records it last read (KnownClients) so the signature is checked while the request's own
 * registry read and its replay put are in flight. Nothing of api.md §1 may change with it: a
 * revocation, a suspension or a scope change takes effect on the very next request, and a request
 * sent again is refused however the copies race, with nothing decided or logged twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatekeeperProcesses, type GatekeeperProcesses } from '../soak/processes.ts';
import { GatekeeperClient, generateClientKey, type ClientKeyPair } from '../../shared/client/index.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { expectOk } from './audit-fixture.ts';
import { decisionEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { clientFor, demo, demoKey, freshId, freshPatientId, stack } from '../support/stack.ts';

type Problem = { code: string };
const outcome = (response: { status: number; body: unknown }) => [
  response.status,
  response.status === 200 ? 'ok' : (response.body as Problem).code,
];

/** A records reader of its own, so a test can revoke, suspend and rescope it. */
async function freshReader(): Promise<{ clientId: string; key: ClientKeyPair; client: GatekeeperClient }> {
  const clientId = freshId('c');
  const key = await generateClientKey('ES256', 'k1');
  await expectOk(
    demo.admin().request('PUT', `/v1/clients/${clientId}`, {
      name: 'Reader',
      scopes: ['records:read'],
      status: 'ACTIVE',
      keys: [key.publicJwk],
    }),
  );
  return { clientId, key, client: clientFor(clientId, key.privateJwk) };
}

/**
 * A client whose every request is sent `copies` times at once, byte for byte (one signature, one
 * jti), to each of `urls` in turn (default: the stack's own server).
 */
function sendingCopies(
  clientId: string,
  copies: number,
  urls: readonly string[] = [stack().url],
): { client: GatekeeperClient; statuses: number[][] } {
  const statuses: number[][] = [];
  const copying: typeof fetch = async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : input).pathname;
    const answers = await Promise.all(
      Array.from({ length: copies }, (_, i) => fetch(new URL(path, urls[i % urls.length]), init)),
    );
    statuses.push(answers.map((answer) => answer.status));
    return answers.find((answer) => answer.status === 200) ?? answers[0]!;
  };
  const client = new GatekeeperClient({
    baseUrl: stack().url,
    clientId,
    org: 'demo',
    audience: 'gatekeeper-local',
    privateJwk: demoKey(clientId),
    fetch: copying,
  });
  return { client, statuses };
}

describe('the registry read of every request, with the records last read in hand', () => {
  it('refuses a revoked key, a suspended client and a lost scope on the next request after a warm one', async () => {
    // Prepare: each reader has just been accepted, so its record is remembered by the function
    const patientPath = `/v1/patients/${freshPatientId()}/records`;
    const [revoked, suspended, rescoped] = await Promise.all([freshReader(), freshReader(), freshReader()]);
    const readers = [revoked, suspended, rescoped];
    const warm = await Promise.all(readers.map(({ client }) => client.request('GET', patientPath)));
    const admin = demo.admin();
    await expectOk(admin.request('POST', `/v1/clients/${revoked.clientId}/keys/k1/revoke`, {}));
    const put = (reader: typeof revoked, change: object) =>
      admin.request('PUT', `/v1/clients/${reader.clientId}`, {
        name: 'Reader',
        scopes: ['records:read'],
        status: 'ACTIVE',
        keys: [reader.key.publicJwk],
        ...change,
      });
    await expectOk(put(suspended, { status: 'SUSPENDED' }));
    await expectOk(put(rescoped, { scopes: ['audit:read'] }));

    // Act
    const after = await Promise.all(readers.map(({ client }) => client.request('GET', patientPath)));

    // Assess
    expect(warm.map((response) => response.status)).not.toContain(401);
    expect(after.map(outcome)).toEqual([
      [401, 'key_revoked'],
      [403, 'client_suspended'],
      [403, 'forbidden_scope'],
    ]);
  });

  it('answers one copy of a disclosure sent five times at once and refuses the others, logging one decision', async () => {
    // Prepare: a warm function, then one signed request sent five times byte for byte
    const clinical = demo.clinical();
    const patient = await preparePatient(clinical, freshPatientId());
    await expectOk(clinical.request('POST', '/v1/disclosures', requestFor(patient.patientId)));
    const { client, statuses } = sendingCopies('demo-clinical', 5);
    const body = requestFor(patient.patientId);

    // Act
    const answer = await client.request('POST', '/v1/disclosures', body);

    // Assess
    expect([...statuses[0]!].sort()).toEqual([200, 401, 401, 401, 401]);
    const receipt = decisionAnswerSchema.parse(answer.body).receipt;
    expect(await decisionEntries(receipt.origin, patient.patientId, body.requestId)).toHaveLength(1);
  });
});

describe('a request sent again to another process at the same moment', () => {
  let processes: GatekeeperProcesses;
  beforeAll(async () => {
    processes = await startGatekeeperProcesses(2, stack().environment);
  }, 60_000);
  afterAll(async () => {
    await processes?.close();
  });

  it('is answered once across both processes, every other copy refused, one decision logged per request', async () => {
    // Prepare: both processes warm (each has read the client's record), then three requests each
    // sent four times at once, alternating between the two processes
    const clinical = demo.clinical();
    const patient = await preparePatient(clinical, freshPatientId());
    const warm = sendingCopies('demo-clinical', 1, [processes.urls[0]!]);
    await expectOk(warm.client.request('POST', '/v1/disclosures', requestFor(patient.patientId)));
    const warmToo = sendingCopies('demo-clinical', 1, [processes.urls[1]!]);
    await expectOk(warmToo.client.request('POST', '/v1/disclosures', requestFor(patient.patientId)));
    const { client, statuses } = sendingCopies('demo-clinical', 4, processes.urls);
    const bodies = [1, 2, 3].map(() => requestFor(patient.patientId));

    // Act
    const answers = [];
    for (const body of bodies) answers.push(await client.request('POST', '/v1/disclosures', body));

    // Assess
    expect(statuses.map((round) => [...round].sort())).toEqual(bodies.map(() => [200, 401, 401, 401]));
    for (const [i, body] of bodies.entries()) {
      const receipt = decisionAnswerSchema.parse(answers[i]!.body).receipt;
      expect(await decisionEntries(receipt.origin, patient.patientId, body.requestId)).toHaveLength(1);
    }
  });
});
