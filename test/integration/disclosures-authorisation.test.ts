/**
 * audit.md §6: the authorisation on ALLOW answers verifies with an independent JOSE library (jose)
 * against the published JWKS and binds the released payload, the receipt and the recipient; and
 * api.md §2: a KMS failure answers 503 with nothing released.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical-json.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { decisionEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, kmsFault, stack } from '../support/stack.ts';

async function jwks() {
  const response = await fetch(`${stack().url}/.well-known/jwks.json`);
  return createLocalJWKSet((await response.json()) as JSONWebKeySet);
}

const jcsDigest = (value: unknown) =>
  `sha-256=:${createHash('sha256').update(canonicalize(value), 'utf8').digest('base64')}:`;

describe('disclosure authorisation (audit.md §6)', () => {
  it.each([
    ['gp-riverside', {}],
    [
      'nhse-collections',
      { recipientId: 'nhse-collections', purpose: 'STATUTORY_REPORTING', instrument: { ref: 'HSCA2012-s259:DPN-7' } },
    ],
  ] as const)(
    'verifies with jose against the JWKS and binds payload, receipt and recipient (%s)',
    async (recipientId, overrides) => {
      // Prepare
      const client = demo.clinical();
      const { patientId } = await preparePatient(client, freshPatientId());
      const body = requestFor(patientId, overrides);

      // Act
      const answer = decisionAnswerSchema.parse((await client.request('POST', '/v1/disclosures', body)).body);
      const verified = await jwtVerify(answer.authorisation!, await jwks(), {
        typ: 'gk-authz+jwt',
        algorithms: ['ES256'],
        audience: recipientId,
      });

      // Assess
      expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
      expect(verified.protectedHeader).toMatchObject({
        alg: 'ES256',
        typ: 'gk-authz+jwt',
        kid: expect.any(String) as string,
      });
      expect(verified.payload['pdg']).toBe(answer.payloadDigest);
      expect(verified.payload['pdg']).toBe(jcsDigest(answer.payload));
      expect(verified.payload).toMatchObject({
        sub: answer.receipt.entryId,
        aud: recipientId,
        rcpt: answer.receipt,
        org: 'demo',
        purpose: body.purpose,
      });
      expect(verified.payload.exp! - verified.payload.iat!).toBe(7 * 24 * 3600);
    },
  );

  it('refuses a token whose payload digest was swapped: the signature covers pdg', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId());
    const answer = decisionAnswerSchema.parse(
      (await client.request('POST', '/v1/disclosures', requestFor(patientId))).body,
    );
    const [header, claims, signature] = answer.authorisation!.split('.');
    const forged = {
      ...(JSON.parse(Buffer.from(claims!, 'base64url').toString()) as object),
      pdg: jcsDigest({ patient: { name: 'other' } }),
    };

    // Act
    const verifying = jwtVerify(
      `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`,
      await jwks(),
    );

    // Assess
    expect(decodeProtectedHeader(answer.authorisation!).typ).toBe('gk-authz+jwt');
    await expect(verifying).rejects.toThrow(/signature verification failed/);
  });
});

describe('KMS faults', () => {
  afterEach(() => kmsFault(null));

  it('answers 503 dependency_unavailable with no payload when KMS GenerateMac fails, logs nothing, and the retry succeeds', async () => {
    // Prepare: a PHIN release pseudonymises this (fresh) patient and episode, so no cached pseudonym hides the fault.
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId(), { consents: [{ scope: 'PHIN_IDENTIFIERS' }] });
    const body = requestFor(patientId, { recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
    body.episode.id = freshId('EP');
    await kmsFault({ operation: 'GenerateMac', mode: 'error' });

    // Act
    const failed = await client.request('POST', '/v1/disclosures', body);
    await kmsFault(null);
    const retried = await client.request('POST', '/v1/disclosures', body);

    // Assess
    expect([failed.status, (failed.body as { code: string }).code]).toEqual([503, 'dependency_unavailable']);
    expect(failed.headers['retry-after']).toBeDefined();
    expect(JSON.stringify(failed.body)).not.toContain('payload');
    const answer = decisionAnswerSchema.parse(retried.body);
    expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
    expect(await decisionEntries(answer.receipt.origin, patientId)).toHaveLength(1);
  });

  it('KMS Sign failing on an ALLOW: the entry is already durable, the answer is 503 without payload, and the retry re-signs with the same receipt', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId());
    const body = requestFor(patientId);
    await kmsFault({ operation: 'Sign', mode: 'error' });

    // Act
    const failed = await client.request('POST', '/v1/disclosures', body);
    await kmsFault(null);
    const retried = decisionAnswerSchema.parse((await client.request('POST', '/v1/disclosures', body)).body);

    // Assess
    expect([failed.status, (failed.body as { code: string }).code]).toEqual([503, 'dependency_unavailable']);
    expect(JSON.stringify(failed.body)).not.toContain('payload');
    expect(retried.authorisation).toEqual(expect.any(String));
    const entries = await decisionEntries(retried.receipt.origin, patientId, body.requestId);
    expect(entries.map(({ index }) => index)).toEqual([retried.receipt.index]);
  });
});
