/** Shared set-up of the records tests: real DynamoDB Local, real adapters, an in-memory MAC key. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../../../shared/adapters/dynamodb/audit-log.ts';
import { auditKeys } from '../../../shared/adapters/dynamodb/audit-keys.ts';
import { DynamoDbAuditSearch } from '../../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbRegistry, registryKeys } from '../../../shared/adapters/dynamodb/registry.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/index.ts';
import type { Recipient } from '../../../shared/records/model.ts';
import type { Outcome } from '../../../shared/audit/entry.ts';
import { entryHeader, patientLogOrigin } from '../../../shared/services/audit-entries.ts';
import { patientIndexKey } from '../../../shared/services/records-keys.ts';
import { RecordsService, type Caller, type IdentifierSwitches } from '../../../shared/services/records-service.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { TestDynamoDb } from '../../support/dynamodb.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';

export const DEPLOYMENT = 'gatekeeper.test';
export const PATIENT_LOGS = 4;
export const DIGEST = 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:';

export const RECIPIENTS: ReadonlyArray<Pick<Recipient, 'recipientId' | 'name' | 'category'>> = [
  { recipientId: 'ins-acme-health', name: 'Acme Health', category: 'INSURER' },
  { recipientId: 'gp-riverside', name: 'Riverside Surgery', category: 'GP' },
  { recipientId: 'reg-gmc', name: 'General Medical Council', category: 'REGULATOR_PROFESSIONAL' },
];

export function caller(org: string, clientId = `${org}-clinical`): Caller {
  return { org, clientId, kid: 'k1', jti: `jti-${Math.random().toString(36).slice(2)}-0000` };
}

/** A clock that moves 1 ms per reading, so entries get distinct times. */
export function steppingClock(start = Date.parse('2026-11-22T07:00:00.000Z')): Clock {
  let now = start;
  return { now: () => (now += 1) };
}

/** The local pack's identifier switches: the 999 test range is valid, as the local stack configures it. */
export const LOCAL_IDENTIFIER_SWITCHES: IdentifierSwitches = Object.freeze({
  'nhs.allowTestRange': true,
  'chi.acceptMod10': true,
});

export function buildStack(db: TestDynamoDb, options: { identifierSwitches?: IdentifierSwitches; clock?: Clock } = {}) {
  const clock = options.clock ?? steppingClock();
  const registry = new DynamoDbRegistry(db.doc, db.tables.Registry);
  const audit = new DynamoDbAuditLog(db.doc, { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });
  const records = new DynamoDbRecordsStore(db.doc, db.tables.Records);
  const search = new DynamoDbAuditSearch(db.doc, db.tables.AuditLog);
  const pseudonymiser = new Pseudonymiser(new HmacTestKeyService());
  const service = new RecordsService({
    records,
    registry,
    audit,
    search,
    pseudonymiser,
    clock,
    deployment: DEPLOYMENT,
    identifierSwitches: options.identifierSwitches ?? LOCAL_IDENTIFIER_SWITCHES,
  });
  return { clock, registry, audit, records, search, pseudonymiser, service };
}

export async function seedOrg(db: TestDynamoDb, org: string): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.Registry,
      Item: {
        ...registryKeys.organisation(org),
        org,
        name: org,
        patientLogs: PATIENT_LOGS,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    }),
  );
  for (const recipient of RECIPIENTS) {
    await db.doc.send(
      new PutCommand({
        TableName: db.tables.Registry,
        Item: { ...registryKeys.recipient(org, recipient.recipientId), ...recipient, org, version: 1 },
      }),
    );
  }
}

/** Every entry of one log in index order, parsed, with its index. */
export async function logEntries(
  db: TestDynamoDb,
  origin: string,
): Promise<Array<{ index: number; entry: Record<string, unknown>; raw: string }>> {
  const out: Array<{ index: number; entry: Record<string, unknown>; raw: string }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tables.AuditLog,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.entryPartition(origin) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? [])
      out.push({
        index: Number(item['sk']),
        entry: JSON.parse(String(item['entry'])) as Record<string, unknown>,
        raw: String(item['entry']),
      });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

export function originOf(org: string, patientId: string): string {
  return patientLogOrigin(DEPLOYMENT, org, patientId, PATIENT_LOGS);
}

/** Appends a `disclosure.decision` entry the way the disclosure service will (shape of audit.md §2). */
export async function appendDecision(
  stack: ReturnType<typeof buildStack>,
  input: {
    org: string;
    patientId: string;
    recipientId: string;
    category: string;
    outcome: Outcome;
    purpose?: string;
    clientId?: string;
    reasonCodes?: string[];
  },
) {
  const origin = originOf(input.org, input.patientId);
  const entry = {
    ...entryHeader({
      origin,
      type: 'disclosure.decision',
      org: input.org,
      actor: caller(input.org, input.clientId),
      clock: stack.clock,
    }),
    patient: { ref: input.patientId },
    request: { requestId: `req-${Math.random().toString(36).slice(2)}`, digest: DIGEST },
    records: { version: 0 },
    decision: {
      outcome: input.outcome,
      reasonCodes: input.reasonCodes ?? ['ALLOW_CONTRACT'],
      obligations: [],
      recipient: { id: input.recipientId, category: input.category },
      purpose: input.purpose ?? 'PAYMENT',
      jurisdiction: 'UK-ENG',
      transformations: [],
      payloadDigest: DIGEST,
      policy: { id: 'uk-default', version: 'test', digest: DIGEST },
    },
  };
  const receipt = await stack.audit.append({
    origin,
    entry,
    patientIndexKey: await patientIndexKey(stack.pseudonymiser, input.org, input.patientId),
  });
  return { receipt, entry };
}
