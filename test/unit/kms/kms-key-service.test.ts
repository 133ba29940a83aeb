import { DisableKeyCommand, NotFoundException, type KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey, verify } from 'node:crypto';
import { compactVerify, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { provisionGatekeeperKeys, type GatekeeperKeyIds } from '../../../local-kms/provision.ts';
import { DependencyUnavailableError } from '../../../shared/errors.ts';
import { createKmsClient } from '../../../shared/adapters/kms/client.ts';
import { InvalidKmsKeyIdError } from '../../../shared/adapters/kms/errors.ts';
import { KmsKeyService } from '../../../shared/adapters/kms/kms-key-service.ts';
import { REGION, createImportedHmacKey, createKey, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

const ENV_NAMES = ['AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

let fixture: KmsFixture;
let keys: GatekeeperKeyIds;
let phinKeyArn: string;
const clients: KMSClient[] = [];

beforeAll(async () => {
  fixture = await startKmsFixture();
  // The adapter has no endpoint option: the SDK must find the local KMS through the standard variable.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KMS: fixture.kms.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  keys = await provisionGatekeeperKeys(fixture.client);
  phinKeyArn = (await createImportedHmacKey(fixture.client)).Arn!;
});
afterEach(() => fixture.kms.faults.clear());
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const name of ENV_NAMES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await fixture.stop();
});

function service(maxAttempts?: number, overrides: { checkpoint?: string } = {}): KmsKeyService {
  const client = createKmsClient(maxAttempts === undefined ? {} : { maxAttempts });
  clients.push(client);
  return new KmsKeyService({
    client,
    macKeys: { PHIN: { keyId: phinKeyArn, version: 1 }, AUDIT: { keyId: keys.pseudonymAudit, version: 2 } },
    signingKeys: {
      CHECKPOINT: overrides.checkpoint ?? keys.checkpoint,
      AUTHORISATION: 'alias/gatekeeper/authorisation',
    },
  });
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

describe('KmsKeyService over the local KMS', () => {
  it('uses the standard retry mode and finds the endpoint from AWS_ENDPOINT_URL_KMS', async () => {
    // Act
    const client = createKmsClient();
    clients.push(client);

    // Assess
    expect(await client.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    await expect(service().publicKey('CHECKPOINT')).resolves.toHaveLength(44);
  });

  it('generateMac gives the spec pseudonym for the test key, with the configured version', async () => {
    // Act
    const phin = await service().generateMac('PHIN', utf8('gk1|demo|PHIN|LOCAL_ID|MRN-1'));
    const audit = await service().generateMac('AUDIT', utf8('gk1|demo|AUDIT|NHS_NUMBER|9990000018'));

    // Assess
    expect(`v${phin.keyVersion}.${base64url(phin.mac)}`).toBe('v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
    expect(audit.mac).toHaveLength(32);
    expect(audit.keyVersion).toBe(2);
  });

  it("sign('CHECKPOINT') returns a 64-byte Ed25519 signature node:crypto verifies with publicKey('CHECKPOINT')", async () => {
    // Prepare
    const keyService = service();
    const note = utf8('gatekeeper.local/demo\n5\nq2F0ZWtlZXBlcg==\n');

    // Act
    const signature = await keyService.sign('CHECKPOINT', note);

    // Assess
    const publicKey = createPublicKey({
      key: Buffer.from(await keyService.publicKey('CHECKPOINT')),
      format: 'der',
      type: 'spki',
    });
    expect(signature).toHaveLength(64);
    expect(verify(null, note, publicKey, signature)).toBe(true);
  });

  it("sign('AUTHORISATION') returns raw R‖S that jose verifies as an ES256 JWS", async () => {
    // Prepare
    const keyService = service();
    const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'gk-authz+jwt', kid: 'k1' }));
    const payload = base64url(
      JSON.stringify({ iss: 'gatekeeper', sub: 'entry-1', aud: 'recipient-1', iat: 1_700_000_000 }),
    );
    const signingInput = `${header}.${payload}`;

    // Act
    const signature = await keyService.sign('AUTHORISATION', utf8(signingInput));

    // Assess
    const spkiPem = createPublicKey({
      key: Buffer.from(await keyService.publicKey('AUTHORISATION')),
      format: 'der',
      type: 'spki',
    })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    const key = await importSPKI(spkiPem, 'ES256');
    const jws = `${signingInput}.${base64url(signature)}`;
    expect(signature).toHaveLength(64);
    expect((await compactVerify(jws, key)).protectedHeader.alg).toBe('ES256');
    expect(
      (await jwtVerify(jws, key, { audience: 'recipient-1', currentDate: new Date(1_700_000_000_000) })).payload.sub,
    ).toBe('entry-1');
    const forged = `${header}.${base64url(JSON.stringify({ sub: 'entry-2' }))}.${base64url(signature)}`;
    await expect(compactVerify(forged, key)).rejects.toThrow();
  });

  it('caches a public key after the first success, and only a success', async () => {
    // Prepare
    const keyService = service(1);
    fixture.kms.faults.inject({ operation: 'GetPublicKey', mode: 'error', times: 1 });

    // Act
    const failed = await rejectionOf(keyService.publicKey('AUTHORISATION'));
    const first = await keyService.publicKey('AUTHORISATION');
    fixture.kms.faults.inject({ operation: 'GetPublicKey', mode: 'error' });
    const cached = await keyService.publicKey('AUTHORISATION');

    // Assess
    expect(failed).toBeInstanceOf(DependencyUnavailableError);
    expect(cached).toEqual(first);
  });
});

describe('KmsKeyService failures fail closed', () => {
  it('persistent throttling becomes DependencyUnavailableError once the SDK has retried', async () => {
    // Prepare
    fixture.kms.faults.inject({ operation: 'GenerateMac', mode: 'throttle' });

    // Act
    const error = await rejectionOf(service(2).generateMac('PHIN', utf8('m')));

    // Assess
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).code).toBe('dependency_unavailable');
    const cause = error.cause as { name: string; $metadata: { attempts: number } };
    expect(cause.name).toBe('ThrottlingException');
    expect(cause.$metadata.attempts).toBe(2);
    expect(error.message).not.toContain(phinKeyArn);
  });

  it('a single throttle is absorbed by the SDK retry and the MAC is returned', async () => {
    // Prepare
    fixture.kms.faults.inject({ operation: 'GenerateMac', mode: 'throttle', times: 1 });

    // Act
    const result = await service(3).generateMac('PHIN', utf8('gk1|demo|PHIN|LOCAL_ID|MRN-1'));

    // Assess
    expect(base64url(result.mac)).toBe('P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
  });

  it('a slow KMS still answers', async () => {
    // Prepare
    fixture.kms.faults.inject({ operation: 'Sign', mode: 'delay', delayMs: 200, times: 1 });

    // Act
    const signature = await service().sign('CHECKPOINT', utf8('m'));

    // Assess
    expect(signature).toHaveLength(64);
  });

  it('an internal error, an unknown key and a disabled key all become DependencyUnavailableError', async () => {
    // Prepare
    const disabled = await createKey(fixture.client, { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    await fixture.client.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    fixture.kms.faults.inject({ operation: 'GenerateMac', mode: 'error' });

    // Act
    const internal = await rejectionOf(service(1).generateMac('AUDIT', utf8('m')));
    const unknown = await rejectionOf(service(1, { checkpoint: 'alias/does-not-exist' }).sign('CHECKPOINT', utf8('m')));
    const off = await rejectionOf(service(1, { checkpoint: disabled.Arn! }).sign('CHECKPOINT', utf8('m')));

    // Assess
    for (const error of [internal, unknown, off]) expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(unknown.cause).toBeInstanceOf(NotFoundException);
  });

  it('refuses configuration that names a raw key instead of a KMS key, without echoing it', () => {
    // Prepare
    const rawKey = '0b'.repeat(32);

    // Act
    const build = () => service(1, { checkpoint: rawKey });

    // Assess
    expect(build).toThrow(InvalidKmsKeyIdError);
    expect(build).not.toThrow(new RegExp(rawKey));
  });
});
