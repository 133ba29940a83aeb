/**
 * One pass over every route family of infra/routes.ts plus the checkpointer and the archiver, made
 * to exercise each function's AWS calls once (the grants test records them). Requests are sent one
 * at a time: the audit log group-commits appends queued in one process, and in AWS two functions
 * never share a process, so overlapping requests of two functions here could mix their writes.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { auditKeys } from '../../shared/adapters/dynamodb/audit-keys.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry } from '../../shared/adapters/dynamodb/registry.ts';
import { parseCheckpoint } from '../../shared/audit/checkpoint.ts';
import { GatekeeperClient } from '../../shared/client/index.ts';
import { generateClientKey } from '../../shared/client/keys.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { PublicJwk } from '../../shared/schemas/admin.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';
import { fullPayload } from '../unit/policy/fixtures.ts';
import { requestFor } from './scenarios.ts';
import { runAs } from './aws-calls.ts';

/** A valid NHS number outside the 999 test range: the handlers run with the pack's own switches, as in AWS. */
const NHS_NUMBER = '9434765919';

export interface WorkloadTarget {
  readonly url: string;
  readonly audience: string;
  readonly deployment: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly checkpointer: () => Promise<unknown>;
  readonly archiver: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
}

type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Status of every request, by route, so the test can show the workload really ran. */
export type Statuses = Record<string, number>;

export interface WorkloadResult {
  readonly statuses: Statuses;
  readonly org: string;
  readonly patientId: string;
  /** What GET /v1/audit/checkpoints answered after the checkpointer ran. */
  readonly checkpoints: { readonly checkpoints: ReadonlyArray<{ origin: string }>; readonly vkeys: readonly string[] };
}

export async function driveEveryFunction(target: WorkloadTarget): Promise<WorkloadResult> {
  const statuses: Statuses = {};
  const org = `g${randomUUID().slice(0, 8)}`;
  const client = (id: string, privateJwk: Awaited<ReturnType<typeof generateClientKey>>['privateJwk']): Call => {
    const gk = new GatekeeperClient({ baseUrl: target.url, clientId: id, org, audience: target.audience, privateJwk });
    return async (method, path, body) => {
      const response = await gk.request<Record<string, unknown>>(method, path, body);
      statuses[`${method} ${path.replace(/[^/]*\d[^/]*/g, '…')}`] = response.status;
      return response.body;
    };
  };
  const admin = client(`${org}-admin`, (await bootstrapFixtureOrg(target, org)).privateJwk);
  const newClient = async (role: string, scopes: string[], person: object = {}) => {
    const key = await generateClientKey('ES256', `${org}-${role}-1`);
    const body = { name: role, scopes, status: 'ACTIVE', keys: [key.publicJwk], ...person };
    await admin('PUT', `/v1/clients/${org}-${role}`, body);
    return { call: client(`${org}-${role}`, key.privateJwk), kid: `${org}-${role}-1` };
  };

  await publicRoutes(target.url, statuses);
  const clinical = (await newClient('clinical', ['disclosure:check', 'records:write', 'records:read'])).call;
  const auditor = (await newClient('auditor', ['audit:read'])).call;
  const leaver = await newClient('leaver', ['records:read']);
  await admin('POST', `/v1/clients/${org}-leaver/keys/${leaver.kid}/revoke`, {});
  await admin('PUT', '/v1/recipients/gp-riverside', { name: 'Riverside', category: 'GP', odsCode: 'Y01234' });
  await admin('PUT', '/v1/recipients/phin', { name: 'PHIN', category: 'PHIN' });
  await admin('PUT', '/v1/recipients/reg-gmc', { name: 'GMC', category: 'REGULATOR_PROFESSIONAL', regulator: 'GMC' });
  await admin('GET', '/v1/recipients');

  const patientId = `MRN-${randomUUID().slice(0, 8)}`;
  await recordsRoutes(clinical, patientId);
  await disclosureRoutes(clinical, patientId);
  const guardian = { kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' };
  await reviewRoutes(clinical, (await newClient('cg', ['review:decide'], guardian)).call, patientId);
  await runAs('checkpointer', target.checkpointer);
  const checkpoints = await auditRoutes(auditor, `${target.deployment}/${org}/org`, patientId);
  // The audit reads grew the org log since its checkpoint: this run proves consistency from stored nodes.
  await runAs('checkpointer', target.checkpointer);
  const event = await streamEvent(target.env, `${target.deployment}/${org}/org`);
  statuses['archiver failures'] = (await runAs('archiver', () => target.archiver(event))).batchItemFailures.length;
  return { statuses, org, patientId, checkpoints };
}

async function bootstrapFixtureOrg(target: WorkloadTarget, org: string) {
  const doc = createDocumentClient();
  const key = await generateClientKey('ES256', `${org}-admin-1`);
  const deps = {
    registry: new DynamoDbRegistry(doc, target.env['GK_TABLE_REGISTRY']!),
    audit: new DynamoDbAuditLog(doc, {
      audit: target.env['GK_TABLE_AUDIT']!,
      auditHeads: target.env['GK_TABLE_AUDIT_HEADS']!,
    }),
    clock: systemClock,
    deployment: target.deployment,
  };
  await bootstrapOrganisation(deps, {
    org,
    name: `Grants ${org}`,
    patientLogs: 2,
    adminClientId: `${org}-admin`,
    adminKey: key.publicJwk as unknown as PublicJwk,
  });
  doc.destroy();
  return key;
}

async function publicRoutes(url: string, statuses: Statuses): Promise<void> {
  for (const path of ['/v1/health', '/.well-known/jwks.json', '/v1/openapi.json'])
    statuses[`GET ${path}`] = (await fetch(`${url}${path}`)).status;
}

async function recordsRoutes(clinical: Call, patientId: string): Promise<void> {
  const base = `/v1/patients/${patientId}`;
  const now = () => new Date().toISOString();
  await clinical('PUT', base, {
    identifiers: [{ system: 'NHS_NUMBER', value: NHS_NUMBER }],
    registeredGpOds: 'Y01234',
  });
  await clinical('PUT', `${base}/ndop`, { status: 'NOT_OPTED_OUT', checkedAt: now() });
  await clinical('POST', `${base}/consents`, {
    consentId: 'cons-phin',
    scope: 'PHIN_IDENTIFIERS',
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'scan-1',
    capturedBy: 'staff-1',
    at: now(),
  });
  await clinical('POST', `${base}/consents`, {
    consentId: 'cons-ins',
    scope: 'INSURER_CLAIM',
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'scan-2',
    capturedBy: 'staff-1',
    at: now(),
  });
  await clinical('POST', `${base}/consents/cons-ins/withdraw`, { at: now(), recordedBy: 'staff-1' });
  await clinical('POST', `${base}/objections`, {
    objectionId: 'obj-1',
    scope: 'ALL_NON_MANDATORY',
    at: now(),
    recordedBy: 'staff-2',
  });
  await clinical('POST', `${base}/objections/obj-1/withdraw`, { at: now(), recordedBy: 'staff-2' });
  await clinical('GET', `${base}/records`);
}

async function disclosureRoutes(clinical: Call, patientId: string): Promise<void> {
  const payload = { ...fullPayload(), patient: { ...fullPayload().patient, nhsNumber: NHS_NUMBER } };
  const toGp = () => requestFor(patientId, { payload });
  const toPhin = () => requestFor(patientId, { payload, recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
  await clinical('POST', '/v1/disclosures', toGp());
  await clinical('POST', '/v1/disclosures/batch', { requests: [toPhin(), toGp()] });
  await clinical('POST', '/v1/phin/resolve', { episodeKeys: [`v1.${'A'.repeat(43)}`], episodeIds: ['EP-1'] });
  await clinical('GET', `/v1/patients/${patientId}/disclosures`);
}

/** A REFER opens a case, a Caldicott Guardian reads and approves it, the re-send uses the approval. */
async function reviewRoutes(clinical: Call, guardian: Call, patientId: string): Promise<void> {
  const payload = { ...fullPayload(), patient: { ...fullPayload().patient, nhsNumber: NHS_NUMBER } };
  const referred = requestFor(patientId, { payload, recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' });
  const answer = (await clinical('POST', '/v1/disclosures', referred)) as { review?: { reviewId: string } };
  const reviewId = answer.review?.reviewId ?? 'missing';
  await guardian('POST', '/v1/reviews/search', { status: 'OPEN' });
  await guardian('GET', `/v1/reviews/${reviewId}`);
  const decision = { outcome: 'APPROVED', role: 'CALDICOTT_GUARDIAN', justification: 'j' };
  await guardian('POST', `/v1/reviews/${reviewId}/decide`, { requestId: `decide-${reviewId}`, ...decision });
  await clinical('POST', '/v1/disclosures', { ...referred, requestId: `resend-${reviewId}`, reviewId });
}

async function auditRoutes(auditor: Call, orgLog: string, patientId: string): Promise<WorkloadResult['checkpoints']> {
  const listed = (await auditor('GET', '/v1/audit/checkpoints')) as {
    checkpoints: Array<{ origin: string; note: string }>;
    vkeys: string[];
  };
  const signed = listed.checkpoints.find((checkpoint) => checkpoint.origin === orgLog);
  const size = signed ? parseCheckpoint(signed.note).size : 1;
  await auditor('POST', '/v1/audit/search', { type: 'disclosure.decision', limit: 5 });
  await auditor('POST', '/v1/audit/search', { patientId, limit: 5 });
  await auditor('POST', '/v1/audit/proofs/inclusion', { origin: orgLog, index: 0, treeSize: size });
  await auditor('POST', '/v1/audit/proofs/consistency', { origin: orgLog, fromSize: 1, toSize: size });
  await auditor('POST', '/v1/audit/entries', { origin: orgLog, start: 0, limit: 10 });
  return listed;
}

/** A stream record of a log's first entry as the AuditLog stream delivers it (read here, outside any function). */
async function streamEvent(
  env: Readonly<Record<string, string | undefined>>,
  origin: string,
): Promise<DynamoDBStreamEvent> {
  const doc = createDocumentClient();
  const { Item } = await doc.send(
    new GetCommand({
      TableName: env['GK_TABLE_AUDIT']!,
      Key: { pk: auditKeys.entryPartition(origin), sk: 0 },
      ConsistentRead: true,
    }),
  );
  doc.destroy();
  if (!Item) throw new Error(`${origin} has no first entry`);
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: '1', NewImage: marshall(Item, { convertClassInstanceToMap: false }) as never },
      },
    ],
  };
}
