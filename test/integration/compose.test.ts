/**
 * The composition roots (functions/<fn>/compose.ts): each function's dependencies built from a
 * config object and SDK clients, with no gatekeeper variable in the environment, against
 * DynamoDB Local and the local KMS.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { auditLogOf, type SdkClients } from '../../functions/platform.ts';
import { composeAdmin } from '../../functions/admin/compose.ts';
import { composeArchiver } from '../../functions/archiver/compose.ts';
import { composeAuditRead } from '../../functions/audit-read/compose.ts';
import { composeCheckpointer } from '../../functions/checkpointer/compose.ts';
import { composeDisclosures } from '../../functions/disclosures/compose.ts';
import { composePublic } from '../../functions/public/compose.ts';
import { composeRecords } from '../../functions/records/compose.ts';
import { ConfigError, parseConfig, type Config } from '../../shared/config/config.ts';
import { provisionGatekeeperKeys, type GatekeeperKeyIds } from '../../local-kms/provision.ts';
import { startLocalKms, type LocalKms } from '../../local-kms/server.ts';
import { tableEnvironment } from '../../infra/local/tables.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

const DEPLOYMENT = 'gatekeeper.compose-test';

let db: TestDynamoDb;
let kms: LocalKms;
let keyIds: GatekeeperKeyIds;
// Other files of the same worker may have set the gatekeeper's variables: none is visible here.
const stashedEnvironment = Object.entries(process.env).filter(
  ([name]) => name.startsWith('GK_') || name === 'AWS_ENDPOINT_URL_KMS',
);

beforeAll(async () => {
  for (const [name] of stashedEnvironment) delete process.env[name];
  [db, kms] = await Promise.all([startTestDynamoDb({ prefix: 'compose' }), startLocalKms({ region: 'eu-west-2' })]);
  // Where the SDK finds the local services: an SDK setting, not the gatekeeper's configuration.
  process.env['AWS_ENDPOINT_URL_KMS'] = kms.url;
  keyIds = await provisionGatekeeperKeys(createKmsClient());
});

afterAll(async () => {
  Object.assign(process.env, Object.fromEntries(stashedEnvironment));
  await Promise.all([db?.close(), kms?.close()]);
});

/** The configuration as a plain object: what a test passes instead of setting variables. */
function configOf(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    GK_DEPLOYMENT: DEPLOYMENT,
    GK_AUDIENCE: 'gatekeeper-compose-test',
    ...tableEnvironment(db.prefix),
    GK_KEY_PSEUDONYM_PHIN: keyIds.pseudonymPhin,
    GK_KEY_PSEUDONYM_AUDIT: keyIds.pseudonymAudit,
    GK_KEY_CHECKPOINT: keyIds.checkpoint,
    GK_KEY_AUTHORISATION: keyIds.authorisation,
    ...overrides,
  });
}

/** Fresh real clients that count every AWS call they send. */
function countingClients(): { clients: Pick<SdkClients, 'dynamoDb' | 'kms'>; calls: () => number } {
  let calls = 0;
  const counter = { step: 'initialize', name: 'countCalls' } as const;
  const dynamoDb = createDocumentClient({ maxAttempts: 1 });
  dynamoDb.middlewareStack.add((next) => (args) => ((calls += 1), next(args)), counter);
  const kmsClient = createKmsClient({ maxAttempts: 1 });
  kmsClient.middlewareStack.add((next) => (args) => ((calls += 1), next(args)), counter);
  return { clients: { dynamoDb, kms: kmsClient }, calls: () => calls };
}

describe('composition roots', () => {
  it('compose every function at cold start without one AWS call', () => {
    // Prepare
    const config = configOf({ GK_ARCHIVE_DIR: '/nonexistent-archive' });
    const { clients, calls } = countingClients();

    // Act
    const composed = [
      composePublic(config, clients),
      composeAdmin(config, clients),
      composeRecords(config, clients),
      composeDisclosures(config, clients),
      composeAuditRead(config, clients),
      composeCheckpointer(config, clients),
      composeArchiver(config, { s3: new S3Client({ region: 'eu-west-2' }) }),
    ];

    // Assess
    expect(composed.map((deps) => deps.config)).toEqual(composed.map(() => config));
    expect(calls()).toBe(0);
  });

  it('sign checkpoints into the tables and with the keys of the config it is given', async () => {
    // Prepare
    const config = configOf();
    const { clients, calls } = countingClients();
    const origin = `${DEPLOYMENT}/demo/compose-${ulid().toLowerCase()}`;
    const entry = {
      v: 'gk-audit/1' as const,
      origin,
      id: ulid(),
      time: new Date().toISOString(),
      type: 'admin.key.revoked' as const,
      org: 'demo',
      actor: { clientId: 'test-admin', kid: 'k1', jti: ulid() },
      change: { key: { clientId: 'test-admin', kid: 'k0' } },
    };
    await auditLogOf(config, db.doc).append({ origin, entry });

    // Act
    const run = await composeCheckpointer(config, clients).checkpoints().run();

    // Assess
    expect(run.signed).toContainEqual({ origin, size: 1 });
    expect(run.refused).toEqual([]);
    expect(calls()).toBeGreaterThan(0);
  });

  it('publish the public keys of the signing rings the config names', async () => {
    // Prepare
    const { clients } = countingClients();

    // Act
    const { keys } = await composePublic(configOf(), clients).jwks();

    // Assess: one checkpoint and one authorisation key, each a distinct public key.
    expect(keys).toHaveLength(2);
    expect(new Set(keys.map((key) => key.kid)).size).toBe(2);
    expect(keys.every((key) => !('d' in key))).toBe(true);
  });

  it('stop the archiver at cold start when the config names no archive', () => {
    // Prepare
    const config = configOf();
    const s3 = new S3Client({ region: 'eu-west-2' });

    // Act + Assess
    expect(() => composeArchiver(config, { s3 })).toThrow(ConfigError);
    expect(() => composeArchiver(configOf({ GK_ARCHIVE_BUCKET: 'an-archive-bucket' }), { s3 })).not.toThrow();
  });
});
