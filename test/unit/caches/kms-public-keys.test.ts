/**
 * No poisoned caches: every place that remembers a KMS public key (or something derived from it)
 * answers again once KMS is back. Each test makes one GetPublicKey fail through the local KMS
 * endpoint's fault switch, then expects the very same instance to succeed on the next call.
 */
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKmsClient, KmsKeyService } from '../../../shared/adapters/kms/index.ts';
import { ApiAuditSource } from '../../../shared/audit/api-source.ts';
import { DependencyUnavailableError } from '../../../shared/errors.ts';
import { CheckpointService } from '../../../shared/services/checkpoint-service.ts';
import {
  AuthorisationSigner,
  gatekeeperJwks,
  type AuthorisationClaims,
} from '../../../shared/services/signing-keys.ts';
import { provisionGatekeeperKeys, type GatekeeperKeyIds } from '../../../local-kms/provision.ts';
import { REGION, startKmsFixture, type KmsFixture } from '../kms/helpers.ts';

let fixture: KmsFixture;
let ids: GatekeeperKeyIds;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  fixture = await startKmsFixture();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KMS: fixture.kms.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  ids = await provisionGatekeeperKeys(fixture.client);
});
afterEach(() => fixture.kms.faults.clear());
afterAll(async () => {
  for (const client of clients) client.destroy();
  await fixture.stop();
});

/** A fresh instance, so nothing an earlier test fetched is already remembered. */
function keyService(): KmsKeyService {
  const client = createKmsClient({ maxAttempts: 1 });
  clients.push(client);
  return new KmsKeyService({
    client,
    macKeys: { PHIN: { keyId: ids.pseudonymPhin, version: 1 }, AUDIT: { keyId: ids.pseudonymAudit, version: 1 } },
    signingKeys: { CHECKPOINT: ids.checkpoint, AUTHORISATION: ids.authorisation },
  });
}

const failNextGetPublicKey = () => fixture.kms.faults.inject({ operation: 'GetPublicKey', mode: 'error', times: 1 });

const claims: AuthorisationClaims = {
  iss: 'gatekeeper.local',
  sub: 'entry-1',
  aud: 'gp-riverside',
  org: 'demo',
  iat: 1,
  exp: 2,
  pdg: 'sha-256=:AAAA:',
  flow: 'f',
  purpose: 'DIRECT_CARE',
  rcpt: { origin: 'o', index: 0, leafHash: 'AA==', entryId: 'entry-1' },
};

describe('no poisoned caches over the local KMS endpoint', () => {
  it('AuthorisationSigner signs after one failed GetPublicKey, with the key thumbprint as kid', async () => {
    // Prepare
    const keys = keyService();
    const signer = new AuthorisationSigner(keys);
    failNextGetPublicKey();

    // Act
    const failed = signer.sign(claims);
    await expect(failed).rejects.toBeInstanceOf(DependencyUnavailableError);
    const token = await signer.sign(claims);

    // Assess
    const spki = createPublicKey({
      key: Buffer.from(await keys.publicKey('AUTHORISATION')),
      format: 'der',
      type: 'spki',
    });
    expect(decodeProtectedHeader(token).kid).toBe(await calculateJwkThumbprint(spki.export({ format: 'jwk' }) as JWK));
  });

  it('KmsKeyService answers the public key after one failed GetPublicKey', async () => {
    // Prepare
    const keys = keyService();
    failNextGetPublicKey();

    // Act
    const failed = await keys.publicKey('CHECKPOINT').catch((error: unknown) => error);
    const answered = await keys.publicKey('CHECKPOINT');

    // Assess
    expect(failed).toBeInstanceOf(DependencyUnavailableError);
    expect(answered.byteLength).toBeGreaterThan(32);
  });

  it('CheckpointService names its verifier key after one failed GetPublicKey', async () => {
    // Prepare
    const service = new CheckpointService({} as ConstructorParameters<typeof CheckpointService>[0], keyService());
    failNextGetPublicKey();

    // Act
    const failed = await service.verifierKey('gatekeeper.local/demo/org').catch((error: unknown) => error);
    const answered = await service.verifierKey('gatekeeper.local/demo/org');

    // Assess
    expect(failed).toBeInstanceOf(DependencyUnavailableError);
    expect(answered).toMatch(/^gatekeeper\.local\/demo\/org\+[0-9a-f]{8}\+/);
  });

  it('gatekeeperJwks serves both keys once KMS answers again', async () => {
    // Prepare
    const keys = keyService();
    failNextGetPublicKey();

    // Act
    const failed = await gatekeeperJwks(keys, Date.now()).catch((error: unknown) => error);
    const answered = await gatekeeperJwks(keys, Date.now());

    // Assess
    expect(failed).toBeInstanceOf(DependencyUnavailableError);
    expect(answered.keys.map((key) => key.alg)).toEqual(['EdDSA', 'ES256']);
  });
});

describe('no poisoned caches in the audit API source', () => {
  it('reads the checkpoints again after one failed read', async () => {
    // Prepare
    let calls = 0;
    const source = new ApiAuditSource({
      request: <T>() => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('connection reset'));
        return Promise.resolve({ status: 200, headers: {}, body: { checkpoints: [], vkeys: ['o+00000000+AQ'] } as T });
      },
    });

    // Act
    await expect(source.publishedVkeys()).rejects.toThrow(/failed/);
    const vkeys = await source.publishedVkeys();
    await source.listOrigins();

    // Assess
    expect([vkeys, calls]).toEqual([['o+00000000+AQ'], 2]);
  });
});
