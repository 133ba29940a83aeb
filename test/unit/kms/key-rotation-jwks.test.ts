/**
 * Key rotation of the authorisation (ES256) and checkpoint (Ed25519) keys over the local KMS
 * endpoint: a second key per purpose is provisioned as the local stack does, and the JWKS is read
 * at several moments of the rotation (api.md §4.5).
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsClient, InvalidKmsKeyIdError, KmsKeyService } from '../../../shared/adapters/kms/index.ts';
import type { SigningKeyRing } from '../../../shared/config/signing-key-ring.ts';
import {
  AUTHORISATION_LIFETIME_SECONDS,
  AuthorisationSigner,
  gatekeeperJwks,
  publicJwk,
  type AuthorisationClaims,
} from '../../../shared/services/signing-keys.ts';
import { provisionGatekeeperKeys, provisionSigningKey, type GatekeeperKeyIds } from '../../../local-kms/provision.ts';
import { REGION, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
let ids: GatekeeperKeyIds;
let next: { checkpoint: string; authorisation: string };
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
  next = {
    checkpoint: await provisionSigningKey(fixture.client, 'checkpoint', 'alias/gatekeeper/checkpoint-2'),
    authorisation: await provisionSigningKey(fixture.client, 'authorisation', 'alias/gatekeeper/authorisation-2'),
  };
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await fixture.stop();
});

const RETIRED_AT = Date.UTC(2026, 11, 5, 12);
const LIFETIME_MS = AUTHORISATION_LIFETIME_SECONDS * 1000;

function keyService(rings: {
  checkpoint: string | SigningKeyRing;
  authorisation: string | SigningKeyRing;
}): KmsKeyService {
  const client = createKmsClient({ maxAttempts: 1 });
  clients.push(client);
  return new KmsKeyService({
    client,
    macKeys: { PHIN: { keyId: ids.pseudonymPhin, version: 1 }, AUDIT: { keyId: ids.pseudonymAudit, version: 1 } },
    signingKeys: { CHECKPOINT: rings.checkpoint, AUTHORISATION: rings.authorisation },
  });
}

const rotated = () =>
  keyService({
    checkpoint: { active: next.checkpoint, retired: [{ keyId: ids.checkpoint, retiredAt: RETIRED_AT }] },
    authorisation: { active: next.authorisation, retired: [{ keyId: ids.authorisation, retiredAt: RETIRED_AT }] },
  });

const claims = (iat: number): AuthorisationClaims => ({
  iss: 'gatekeeper.local',
  sub: 'entry-1',
  aud: 'gp-riverside',
  org: 'demo',
  iat,
  exp: iat + AUTHORISATION_LIFETIME_SECONDS,
  pdg: 'sha-256=:AAAA:',
  flow: 'f',
  purpose: 'DIRECT_CARE',
  rcpt: { origin: 'o', index: 0, leafHash: 'AA==', entryId: 'entry-1' },
});

describe('the JWKS across a key rotation', () => {
  it('before any rotation it lists one checkpoint key and one authorisation key', async () => {
    // Act
    const jwks = await gatekeeperJwks(
      keyService({ checkpoint: ids.checkpoint, authorisation: ids.authorisation }),
      RETIRED_AT,
    );

    // Assess
    expect(jwks.keys.map((key) => key.alg)).toEqual(['EdDSA', 'ES256']);
  });

  it('keeps the retired authorisation key until its last token expires, then drops it; checkpoint keys stay for ever', async () => {
    // Prepare
    const keys = rotated();
    const [oldAuthorisation, newAuthorisation, oldCheckpoint, newCheckpoint] = await Promise.all([
      publicJwk(keys, 'AUTHORISATION', ids.authorisation),
      publicJwk(keys, 'AUTHORISATION'),
      publicJwk(keys, 'CHECKPOINT', ids.checkpoint),
      publicJwk(keys, 'CHECKPOINT'),
    ]);
    const kids = async (now: number) => (await gatekeeperJwks(keys, now)).keys.map((key) => key.kid);

    // Act
    const atRetirement = await kids(RETIRED_AT);
    const lastMoment = await kids(RETIRED_AT + LIFETIME_MS - 1);
    const expired = await kids(RETIRED_AT + LIFETIME_MS);
    const yearsLater = await kids(RETIRED_AT + 10 * 365 * 24 * 3600 * 1000);

    // Assess
    expect(new Set([oldAuthorisation.kid, newAuthorisation.kid, oldCheckpoint.kid, newCheckpoint.kid]).size).toBe(4);
    expect(atRetirement).toEqual([newCheckpoint.kid, oldCheckpoint.kid, newAuthorisation.kid, oldAuthorisation.kid]);
    expect(lastMoment).toEqual(atRetirement);
    expect(expired).toEqual([newCheckpoint.kid, oldCheckpoint.kid, newAuthorisation.kid]);
    expect(yearsLater).toEqual(expired);
  });

  it('a token the old key signed just before the rotation verifies with jose against the JWKS until it expires', async () => {
    // Prepare: signed by the pre-rotation configuration, one second before retiredAt
    const iat = RETIRED_AT / 1000 - 1;
    const oldToken = await new AuthorisationSigner(
      keyService({ checkpoint: ids.checkpoint, authorisation: ids.authorisation }),
    ).sign(claims(iat));
    const keys = rotated();
    const newToken = await new AuthorisationSigner(keys).sign(claims(RETIRED_AT / 1000 + 24 * 3600));
    const verify = async (token: string, now: number) =>
      jwtVerify(token, createLocalJWKSet(await gatekeeperJwks(keys, now)), {
        algorithms: ['ES256'],
        typ: 'gk-authz+jwt',
        currentDate: new Date(now),
      });

    // Act
    const beforeExpiry = await verify(oldToken, (iat + AUTHORISATION_LIFETIME_SECONDS - 2) * 1000);
    const afterDrop = await verify(oldToken, RETIRED_AT + LIFETIME_MS).catch((error: unknown) => error);
    const fresh = await verify(newToken, RETIRED_AT + LIFETIME_MS);

    // Assess
    expect(beforeExpiry.payload.sub).toBe('entry-1');
    expect(afterDrop).toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(decodeProtectedHeader(newToken).kid).toBe((await publicJwk(keys, 'AUTHORISATION', next.authorisation)).kid);
    expect(fresh.payload.sub).toBe('entry-1');
  });

  it('signs only with configured keys: another key reference is refused before KMS is asked', async () => {
    // Prepare
    const keys = rotated();

    // Act
    const signing = await rejectionOf(keys.sign('CHECKPOINT', new Uint8Array(1), ids.authorisation));
    const publicKey = await rejectionOf(keys.publicKey('AUTHORISATION', ids.checkpoint));

    // Assess
    expect(signing).toBeInstanceOf(InvalidKmsKeyIdError);
    expect(publicKey).toBeInstanceOf(InvalidKmsKeyIdError);
  });
});
