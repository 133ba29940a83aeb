/**
 * Issue 15: the jti of `POST /v1/disclosures` rides in the decision's audit transaction. Over HTTP
 * against the local stack: every way that request can end, committed or not, records its jti
 * before the answer leaves, so the very same signed bytes sent again are refused as a replay and
 * nothing is logged twice.
 */
import { describe, expect, it } from 'vitest';
import { authorizationHeader, buildSignature } from '../../shared/client/sign.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { decisionEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, demoKey, freshPatientId, stack } from '../support/stack.ts';

interface Answer {
  readonly status: number;
  readonly body: { code?: string } & Record<string, unknown>;
}

/** One signed request (one jti) over these exact bytes, sendable as often as a test likes. */
function signedOnce(clientId: string, body: string): () => Promise<Answer> {
  const path = '/v1/disclosures';
  const token = buildSignature({
    privateJwk: demoKey(clientId),
    clientId,
    org: 'demo',
    audience: 'gatekeeper-local',
    method: 'POST',
    path,
    body,
  });
  const headers = { 'content-type': 'application/json', authorization: authorizationHeader(token) };
  return async () => {
    const response = await fetch(new URL(path, stack().url), { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
}

const outcome = ({ status, body }: Answer) => [status, status === 200 ? 'ok' : body.code];

describe('POST /v1/disclosures records its jti on every path, committed or not', () => {
  it.each([
    ['malformed JSON', 'demo-clinical', (): string => '{"requestId":', [400, 'malformed_json']],
    ['a body its schema refuses', 'demo-clinical', (): string => '{}', [422, 'validation_failed']],
    [
      'a caller without the scope',
      'demo-auditor',
      (): string => JSON.stringify(requestFor(freshPatientId())),
      [403, 'forbidden_scope'],
    ],
  ] as const)('refuses the same bytes again after %s', async (_name, clientId, body, expected) => {
    // Prepare
    const send = signedOnce(clientId, body());

    // Act
    const first = await send();
    const again = await send();

    // Assess
    expect(outcome(first)).toEqual(expected);
    expect(outcome(again)).toEqual([401, 'replayed_request']);
  });

  it('refuses a replay of a committed decision, logging it once', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const body = requestFor(patient.patientId);
    const send = signedOnce('demo-clinical', JSON.stringify(body));

    // Act
    const first = await send();
    const again = await send();

    // Assess
    expect(outcome(again)).toEqual([401, 'replayed_request']);
    const receipt = decisionAnswerSchema.parse(first.body).receipt;
    expect(await decisionEntries(receipt.origin, patient.patientId, body.requestId)).toHaveLength(1);
  });

  it('answers a retry under a new jti from the stored answer, logs nothing more, and refuses its replay', async () => {
    // Prepare: a decision made and logged
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const body = JSON.stringify(requestFor(patient.patientId));
    const first = await signedOnce('demo-clinical', body)();
    const retry = signedOnce('demo-clinical', body);

    // Act
    const retried = await retry();
    const replayed = await retry();

    // Assess
    const receipt = decisionAnswerSchema.parse(first.body).receipt;
    expect(decisionAnswerSchema.parse(retried.body).receipt).toEqual(receipt);
    expect(outcome(replayed)).toEqual([401, 'replayed_request']);
    const { requestId } = JSON.parse(body) as { requestId: string };
    expect(await decisionEntries(receipt.origin, patient.patientId, requestId)).toHaveLength(1);
  });

  it('refuses a retry with another body under the same requestId, and then its replay', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const original = requestFor(patient.patientId);
    const first = await signedOnce('demo-clinical', JSON.stringify(original))();
    const other = signedOnce(
      'demo-clinical',
      JSON.stringify({ ...original, purpose: original.purpose === 'PAYMENT' ? 'DIRECT_CARE' : 'PAYMENT' }),
    );

    // Act
    const conflicting = await other();
    const replayed = await other();

    // Assess
    expect(outcome(conflicting)).toEqual([409, 'idempotency_conflict']);
    expect(outcome(replayed)).toEqual([401, 'replayed_request']);
    const receipt = decisionAnswerSchema.parse(first.body).receipt;
    expect(await decisionEntries(receipt.origin, patient.patientId, original.requestId)).toHaveLength(1);
  });
});
