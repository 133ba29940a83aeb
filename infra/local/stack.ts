import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createKmsClient } from '../../shared/adapters/kms/client.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry } from '../../shared/adapters/dynamodb/registry.ts';
import { ENV, type FunctionEnvironment } from '../../shared/config/environment.ts';
import { loadPolicy } from '../../shared/policy/pack.ts';
import type { Switches } from '../../shared/policy/switches.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { AdminService } from '../../shared/services/admin-service.ts';
import { buildConsole, deploymentAssets, type ConsoleAssets } from '../console/build.ts';
import { FUNCTION_ENTRIES, type ApiFunctionId } from '../routes.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startHttpServer, type ApiHandler } from './http-server.ts';
import { startLocalCheckpointTimer } from './checkpoint-timer.ts';
import type { CheckpointRun } from '../../shared/services/checkpoint-service.ts';
import { provisionGatekeeperKeys, provisionSigningKey, type GatekeeperKeyIds } from '../../local-kms/provision.ts';
import { startLocalKms, type LocalKms } from '../../local-kms/server.ts';
import { seedDemo } from './seed.ts';
import { seedDemoSe } from './seed-se.ts';
import { ensureTables, tableEnvironment } from './tables.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const LOCAL_DEPLOYMENT = 'gatekeeper.local';
export const LOCAL_AUDIENCE = 'gatekeeper-local';
/** The switches that make a deployment local (the demo's 999 NHS numbers, api.md §5). */
const LOCAL_SWITCHES: Partial<Switches> = { 'nhs.allowTestRange': true };

export interface LocalStackOptions {
  /** Keeps DynamoDB data, KMS keys and client keys across restarts; absent = in memory (tests). */
  readonly stateDir?: string;
  readonly host?: string;
  /** Port of the gatekeeper API; 0 picks a free one. */
  readonly port?: number;
  /**
   * TESTS ONLY: puts something between the services and DynamoDB Local (a fault or isolation
   * model). It gets DynamoDB Local's endpoint and answers the one every SDK client should use.
   */
  readonly interposeDynamoDb?: (endpoint: string) => Promise<{ endpoint: string; close(): Promise<void> }>;
  /** TESTS ONLY: receives everything DynamoDB Local prints (the log-safety scan reads it). */
  readonly onDynamoDbOutput?: (text: string) => void;
  /** Rotates signing keys as an operator would (docs/key-rotation.md); absent = one key per purpose. */
  readonly rotation?: Partial<Record<'checkpoint' | 'authorisation', LocalKeyRotation>>;
}

/** A new key under `alias` becomes the active signer; the provisioned one is retired at `retiredAt`. */
export interface LocalKeyRotation {
  readonly alias: string;
  /** ISO 8601 UTC: after it, the old key signs nothing (checkpoints: it co-signs until then). */
  readonly retiredAt: string;
}

export interface LocalStack {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly kms: LocalKms;
  readonly keysDir: string;
  readonly stateDir: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Signs checkpoints for every log that grew, now (local mode signs on demand and on a timer). */
  runCheckpoints(): Promise<CheckpointRun>;
  close(): Promise<void>;
}

/**
 * The whole gatekeeper on one machine: DynamoDB Local, the local KMS endpoint, the tables of
 * infra/tables.ts, the demo seed, and the real handlers behind an API Gateway-shaped HTTP server.
 * Configuration reaches the handlers through the same environment variables the CDK app sets.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'gatekeeper-'));
  const persistent = options.stateDir !== undefined;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const [dynamoDb, kms] = await Promise.all([
    freePort(host).then((port) =>
      startDynamoDbLocal({
        port,
        ...(persistent ? { dataDir: join(stateDir, 'dynamodb') } : {}),
        ...(options.onDynamoDbOutput ? { onOutput: options.onDynamoDbOutput } : {}),
      }),
    ),
    startLocalKms({ host, ...(persistent ? { stateFile: join(stateDir, 'kms', 'state.json') } : {}) }),
  ]);
  const closers: Array<() => Promise<void>> = [() => kms.close(), () => dynamoDb.close()];
  try {
    const interposed = options.interposeDynamoDb ? await options.interposeDynamoDb(dynamoDb.endpoint) : undefined;
    if (interposed) closers.unshift(() => interposed.close());
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: interposed?.endpoint ?? dynamoDb.endpoint,
      AWS_ENDPOINT_URL_KMS: kms.url,
    });
    const prefix = 'gk-local';
    const dynamo = new DynamoDBClient({});
    await ensureTables(dynamo, prefix);
    dynamo.destroy();
    const keys = await provisionGatekeeperKeys(createKmsClient());
    const environment: FunctionEnvironment & Record<string, string> = {
      [ENV.deployment]: LOCAL_DEPLOYMENT,
      [ENV.audience]: LOCAL_AUDIENCE,
      ...tableEnvironment(prefix),
      [ENV.keyPseudonymPhin]: keys.pseudonymPhin,
      [ENV.keyPseudonymAudit]: keys.pseudonymAudit,
      [ENV.keyCheckpoint]: await signingKeyList(keys, 'checkpoint', options.rotation?.checkpoint),
      [ENV.keyAuthorisation]: await signingKeyList(keys, 'authorisation', options.rotation?.authorisation),
      [ENV.archiveDir]: join(stateDir, 'archive'),
      // What makes this deployment local is configuration: the demo's 999 NHS numbers (api.md §5)
      // through the pack switch, and checkpoints signed on read since no scheduler runs.
      [ENV.policySwitches]: JSON.stringify(LOCAL_SWITCHES),
      [ENV.signCheckpointsOnRead]: 'true',
      POWERTOOLS_SERVICE_NAME: 'gatekeeper',
      POWERTOOLS_LOG_LEVEL: process.env['POWERTOOLS_LOG_LEVEL'] ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    Object.assign(process.env, environment);
    const keysDir = join(stateDir, 'keys');
    await seed(environment, keysDir);
    const handlers = await loadHandlers();
    const consoleAssets = await localConsole();
    const http = await startHttpServer({ host, port: options.port ?? 0, handlers, console: consoleAssets });
    closers.unshift(() => http.close());
    const checkpoints = startLocalCheckpointTimer({ environment });
    closers.unshift(() => checkpoints.stop());
    return {
      url: http.url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      kms,
      keysDir,
      stateDir,
      environment,
      runCheckpoints: () => checkpoints.runNow(),
      close: async () => {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

/** The value of GK_KEY_CHECKPOINT / GK_KEY_AUTHORISATION: the new key first, then the retired one. */
async function signingKeyList(
  keys: GatekeeperKeyIds,
  purpose: 'checkpoint' | 'authorisation',
  rotation: LocalKeyRotation | undefined,
): Promise<string> {
  if (rotation === undefined) return keys[purpose];
  const client = createKmsClient();
  try {
    return `${await provisionSigningKey(client, purpose, rotation.alias)},${keys[purpose]}@${rotation.retiredAt}`;
  } finally {
    client.destroy();
  }
}

async function seed(environment: FunctionEnvironment, keysDir: string): Promise<void> {
  const doc = createDocumentClient();
  const registry = new DynamoDbRegistry(doc, environment[ENV.tableRegistry]);
  const audit = new DynamoDbAuditLog(doc, {
    audit: environment[ENV.tableAudit],
    auditHeads: environment[ENV.tableAuditHeads],
  });
  const deps = { registry, audit, clock: systemClock, deployment: LOCAL_DEPLOYMENT };
  await seedDemo({ ...deps, admin: new AdminService(deps) }, keysDir);
  await seedDemoSe({ ...deps, admin: new AdminService(deps) }, keysDir);
  doc.destroy();
}

/** The console as the local stack serves it: the demo's key-file sign-in offered, the pack with local switches. */
async function localConsole(): Promise<ConsoleAssets> {
  const built = await buildConsole();
  const { id, version, digest, document } = loadPolicy(undefined, LOCAL_SWITCHES);
  const local = deploymentAssets({
    audience: LOCAL_AUDIENCE,
    localDemo: true,
    defaultOrg: 'demo',
    policy: { id, version, digest, document },
  });
  return new Map([...built, ...local]);
}

/** The real API handlers, imported as the functions' bundles would be (also used by serve.ts). */
export async function loadHandlers(): Promise<Record<ApiFunctionId, ApiHandler>> {
  const ids: ApiFunctionId[] = ['public', 'admin', 'records', 'disclosures', 'auditRead'];
  const entries = await Promise.all(
    ids.map(async (id) => {
      const module = (await import(pathToFileURL(join(REPO_ROOT, FUNCTION_ENTRIES[id])).href)) as {
        handler: ApiHandler;
      };
      return [id, module.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ApiFunctionId, ApiHandler>;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
