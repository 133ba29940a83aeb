/**
 * Helpers of the audit integration tests: an org of their own (bootstrapped straight into the
 * registry and log, then populated over HTTP), the stack's DynamoDB and KMS from this process,
 * and the verifier over the API. Tamper tests use only such orgs, never the demo org.
 */
import { createHash, createPublicKey, randomUUID, verify as cryptoVerify } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry } from '../../shared/adapters/dynamodb/registry.ts';
import { createKmsClient, KmsKeyService } from '../../shared/adapters/kms/index.ts';
import { ApiAuditSource } from '../../shared/audit/api-source.ts';
import { parseCheckpoint } from '../../shared/audit/checkpoint.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';
import type { TrustedState, VerificationReport } from '../../shared/audit/verifier-types.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { generateClientKey } from '../../shared/client/keys.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';
import type { PublicJwk } from '../../shared/schemas/admin.ts';
import { auditStore, INSURER_CLAIM } from '../support/scenarios.ts';
import { clientFor, stack } from '../support/stack.ts';

export const DEPLOYMENT = 'gatekeeper.local';

/** An insurer claim (policy-uk P01): ALLOW_WITH_REDACTION with an INSURER_CLAIM consent, DENY without. */
export const CLAIM = INSURER_CLAIM;

let doc: DynamoDBDocumentClient | undefined;

/** A document client on the stack's DynamoDB Local (the env is set by auditStore()). */
export function documentClient(): DynamoDBDocumentClient {
  auditStore();
  doc ??= createDocumentClient();
  return doc;
}

export const tables = () => ({
  audit: stack().environment['GK_TABLE_AUDIT']!,
  auditHeads: stack().environment['GK_TABLE_AUDIT_HEADS']!,
});

/** The gatekeeper's KMS key service, reaching the stack's local KMS from this process. */
export function keyService(): KmsKeyService {
  auditStore();
  process.env['AWS_ENDPOINT_URL_KMS'] = stack().kmsUrl;
  const env = stack().environment;
  return new KmsKeyService({
    client: createKmsClient(),
    macKeys: {
      PHIN: { keyId: env['GK_KEY_PSEUDONYM_PHIN']!, version: 1 },
      AUDIT: { keyId: env['GK_KEY_PSEUDONYM_AUDIT']!, version: 1 },
    },
    signingKeys: { CHECKPOINT: env['GK_KEY_CHECKPOINT']!, AUTHORISATION: env['GK_KEY_AUTHORISATION']! },
  });
}

export interface TestOrg {
  readonly org: string;
  readonly admin: GatekeeperClient;
  readonly auditor: GatekeeperClient;
  readonly clinical: GatekeeperClient;
  readonly origin: (log: string) => string;
}

/** A fresh org with `patientLogs` logs, an admin, an auditor, a clinical client and two recipients. */
export async function freshOrg(patientLogs = 2): Promise<TestOrg> {
  const org = `t${randomUUID().slice(0, 8)}`;
  const registry = new DynamoDbRegistry(documentClient(), stack().environment['GK_TABLE_REGISTRY']!);
  const audit = new DynamoDbAuditLog(documentClient(), tables());
  const adminKey = await generateClientKey('ES256', `${org}-admin-1`);
  await bootstrapOrganisation(
    { registry, audit, clock: systemClock, deployment: DEPLOYMENT },
    {
      org,
      name: `Test ${org}`,
      patientLogs,
      adminClientId: `${org}-admin`,
      adminKey: adminKey.publicJwk as unknown as PublicJwk,
    },
  );
  const admin = clientFor(`${org}-admin`, adminKey.privateJwk, org);
  const client = async (role: string, scopes: string[]) => {
    const key = await generateClientKey('ES256', `${org}-${role}-1`);
    await expectOk(
      admin.request('PUT', `/v1/clients/${org}-${role}`, {
        name: role,
        scopes,
        status: 'ACTIVE',
        keys: [key.publicJwk],
      }),
    );
    return clientFor(`${org}-${role}`, key.privateJwk, org);
  };
  const auditor = await client('auditor', ['audit:read']);
  const clinical = await client('clinical', ['disclosure:check', 'records:write', 'records:read']);
  await expectOk(
    admin.request('PUT', '/v1/recipients/ins-acme-health', {
      name: 'Acme',
      category: 'INSURER',
      payerId: 'ins-acme-health',
    }),
  );
  await expectOk(
    admin.request('PUT', '/v1/recipients/gp-riverside', { name: 'Riverside', category: 'GP', odsCode: 'Y01234' }),
  );
  return { org, admin, auditor, clinical, origin: (log) => `${DEPLOYMENT}/${org}/${log}` };
}

export async function expectOk<T = Record<string, unknown>>(
  pending: Promise<{ status: number; body: unknown }>,
): Promise<T> {
  const response = await pending;
  if (response.status !== 200) throw new Error(`answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}

/** Pins the vkeys the API publishes (a test may trust them: it checks them independently too). */
export async function publishedVkeys(auditor: GatekeeperClient): Promise<string[]> {
  const body = await expectOk<{ vkeys: string[] }>(auditor.request('GET', '/v1/audit/checkpoints'));
  return body.vkeys;
}

/** verifyAuditLog in full mode over the live API, as an auditor of the client's org. */
export async function verifyOverApi(
  auditor: GatekeeperClient,
  vkeys: readonly string[],
  trusted?: TrustedState,
  mode: 'full' | 'checkpoints' = 'full',
): Promise<VerificationReport> {
  const source = new ApiAuditSource(auditor);
  return verifyAuditLog({ source, proofs: source, vkeys, mode, ...(trusted ? { trusted } : {}) });
}

/**
 * Checks a checkpoint note with node:crypto and string handling only (none of our note code):
 * the vkey's key id is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[0..4], a signature line by that name and
 * id carries it, and the Ed25519 signature verifies over the note text (the lines before the blank line).
 */
export function independentlyVerified(note: string, vkeyText: string): boolean {
  const [name, hexId, encoded] = [
    vkeyText.slice(0, vkeyText.indexOf('+')),
    vkeyText.split('+')[1]!,
    vkeyText.split('+').slice(2).join('+'),
  ];
  const raw = Buffer.from(encoded, 'base64');
  if (raw.length !== 33 || raw[0] !== 1) return false;
  const key = raw.subarray(1);
  const id = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), key]))
    .digest()
    .subarray(0, 4);
  if (id.toString('hex') !== hexId) return false;
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const publicKey = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]),
    format: 'der',
    type: 'spki',
  });
  return note
    .slice(split + 2, -1)
    .split('\n')
    .some((line) => {
      const [dash, signer, blob] = line.split(' ');
      const bytes = Buffer.from(blob ?? '', 'base64');
      return (
        dash === '\u2014' &&
        signer === name &&
        bytes.subarray(0, 4).equals(id) &&
        cryptoVerify(null, Buffer.from(text, 'utf8'), publicKey, bytes.subarray(4))
      );
    });
}

/** The raw Ed25519 public key of a vkey, to compare with the JWKS. */
export function vkeyPublicKey(vkeyText: string): Buffer {
  return Buffer.from(vkeyText.split('+').slice(2).join('+'), 'base64').subarray(1);
}

export const checkpointSize = (note: string): number => parseCheckpoint(note).size;

type Item = Record<string, unknown>;
const journal: Array<{ table: string; key: Item; original: Item | undefined }> = [];

function keyOf(table: string, item: Item): Item {
  return table === tables().auditHeads ? { pk: item['pk'] } : { pk: item['pk'], sk: item['sk'] };
}

async function remember(table: string, key: Item): Promise<void> {
  const result = await documentClient().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  journal.push({ table, key, original: result.Item });
}

/**
 * Raw item access for tamper tests. Every write is journaled and `restore()` puts the originals
 * back, so the shared stack's local checkpointer and archiver (which refuse a gap) see a sane log again.
 */
export const raw = {
  entryKey: (origin: string, index: number) => ({ pk: `E#${origin}`, sk: index }),
  async getEntry(origin: string, index: number): Promise<Item> {
    const result = await documentClient().send(
      new GetCommand({ TableName: tables().audit, Key: raw.entryKey(origin, index), ConsistentRead: true }),
    );
    if (!result.Item) throw new Error(`no entry ${index}`);
    return result.Item;
  },
  async put(table: string, item: Item): Promise<void> {
    await remember(table, keyOf(table, item));
    await documentClient().send(new PutCommand({ TableName: table, Item: item }));
  },
  async delete(table: string, key: Item): Promise<void> {
    await remember(table, key);
    await documentClient().send(new DeleteCommand({ TableName: table, Key: key }));
  },
  async restore(): Promise<void> {
    for (const { table, key, original } of journal.splice(0).reverse()) {
      if (original) await documentClient().send(new PutCommand({ TableName: table, Item: original }));
      else await documentClient().send(new DeleteCommand({ TableName: table, Key: key }));
    }
  },
};
