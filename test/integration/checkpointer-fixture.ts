/**
 * TESTS ONLY. DynamoDB Local (one per test file) + the in-process local KMS with the gatekeeper's
 * keys, the environment the handlers read, and helpers to append entries through the real writer.
 */
import { ulid } from 'ulid';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { createKmsClient, KmsKeyService } from '../../shared/adapters/kms/index.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';
import { provisionGatekeeperKeys } from '../../local-kms/provision.ts';
import { startLocalKms, type LocalKms } from '../../local-kms/server.ts';
import { tableEnvironment } from '../../infra/local/tables.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

export const DEPLOYMENT = 'gatekeeper.test';

export interface AuditFixture {
  readonly db: TestDynamoDb;
  readonly kms: LocalKms;
  readonly store: DynamoDbAuditStore;
  readonly log: DynamoDbAuditLog;
  readonly keys: KmsKeyService;
  readonly service: CheckpointService;
  /** What the handlers read (also put into process.env). */
  readonly environment: Record<string, string>;
  /** Appends `count` admin entries to the log and returns their canonical texts in order. */
  append(origin: string, count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startAuditFixture(options: { archiveDir?: string } = {}): Promise<AuditFixture> {
  const [db, kms] = await Promise.all([startTestDynamoDb(), startLocalKms({ region: 'eu-west-2' })]);
  process.env['AWS_ENDPOINT_URL_KMS'] = kms.url;
  const ids = await provisionGatekeeperKeys(createKmsClient());
  const environment: Record<string, string> = {
    GK_DEPLOYMENT: DEPLOYMENT,
    GK_AUDIENCE: 'gatekeeper-test',
    ...tableEnvironment(db.prefix),
    GK_KEY_PSEUDONYM_PHIN: ids.pseudonymPhin,
    GK_KEY_PSEUDONYM_AUDIT: ids.pseudonymAudit,
    GK_KEY_CHECKPOINT: ids.checkpoint,
    GK_KEY_AUTHORISATION: ids.authorisation,
    ...(options.archiveDir ? { GK_ARCHIVE_DIR: options.archiveDir } : {}),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  Object.assign(process.env, environment);
  const tables = { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads };
  const store = new DynamoDbAuditStore(db.doc, tables);
  const log = new DynamoDbAuditLog(db.doc, tables);
  const keys = new KmsKeyService({
    client: createKmsClient({ maxAttempts: 1 }),
    macKeys: { PHIN: { keyId: ids.pseudonymPhin, version: 1 }, AUDIT: { keyId: ids.pseudonymAudit, version: 1 } },
    signingKeys: { CHECKPOINT: ids.checkpoint, AUTHORISATION: ids.authorisation },
  });
  return {
    db,
    kms,
    store,
    log,
    keys,
    service: new CheckpointService(store, keys),
    environment,
    append: async (origin, count) => {
      const org = origin.split('/')[1]!;
      // One at a time, so a log's order is the order of the calls.
      for (let i = 0; i < count; i += 1) {
        const entry = {
          v: 'gk-audit/1' as const,
          origin,
          id: ulid(),
          time: new Date().toISOString(),
          type: 'admin.key.revoked' as const,
          org,
          actor: { clientId: 'test-admin', kid: 'k1', jti: ulid() },
          change: { key: { clientId: 'test-admin', kid: 'k0' } },
        };
        await log.append({ origin, entry });
      }
    },
    close: async () => {
      await Promise.all([db.close(), kms.close()]);
    },
  };
}

export const origin = (log: string): string => `${DEPLOYMENT}/demo/${log}`;
