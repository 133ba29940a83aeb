/**
 * HTTP scenario helpers: set a fresh patient's records up THROUGH THE API (api.md §4.2), build
 * disclosure requests for that patient from the policy fixtures, and read the patient's audit log
 * straight from DynamoDB Local to count and inspect the entries an answer produced.
 */
import { expect } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import type { ConsentScope } from '../../shared/records/model.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { INSURER_CLAIM, REGISTERED_NHS, fullPayload, request } from '../unit/policy/fixtures.ts';
import type { PatientSetup } from '../unit/policy/scenarios-table.ts';
import { registerLogMarkers, stringLeaves } from './log-registry.ts';
import { freshId, freshPatientId, stack } from './stack.ts';

export type { PatientSetup };
export { INSURER_CLAIM };

export interface PreparedPatient {
  readonly patientId: string;
  /** Consent ids by scope, as recorded. */
  readonly consentIds: Readonly<Partial<Record<ConsentScope, string>>>;
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const DAY = 86_400_000;

async function expectOk(
  client: GatekeeperClient,
  method: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await client.request<Record<string, unknown>>(method, path, body);
  if (response.status !== 200)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * The policy-uk.md §8 baseline for `patientId`: NHS number 9990000018, GP Y01234, NDOP
 * NOT_OPTED_OUT checked now, then the scenario's consents (given now, withdrawn right after when
 * asked) and objections (raised 30 days ago).
 */
export async function preparePatient(
  client: GatekeeperClient,
  patientId: string,
  setup: PatientSetup = {},
): Promise<PreparedPatient> {
  const base = `/v1/patients/${patientId}`;
  registerLogMarkers([patientId, REGISTERED_NHS]);
  await expectOk(client, 'PUT', base, {
    identifiers: [{ system: 'NHS_NUMBER', value: REGISTERED_NHS }],
    registeredGpOds: 'Y01234',
  });
  await expectOk(client, 'PUT', `${base}/ndop`, {
    status: setup.ndop ?? 'NOT_OPTED_OUT',
    checkedAt: new Date().toISOString(),
  });
  const consentIds: Partial<Record<ConsentScope, string>> = {};
  for (const consent of setup.consents ?? []) {
    const consentId = await addConsent(client, patientId, consent.scope, consent.status ?? 'GIVEN');
    consentIds[consent.scope] = consentId;
    if (consent.withdrawn) await withdrawConsent(client, patientId, consentId);
  }
  for (const scope of setup.objections ?? []) {
    await expectOk(client, 'POST', `${base}/objections`, {
      objectionId: freshId('obj'),
      scope,
      at: ago(30 * DAY),
      recordedBy: 'staff-2',
    });
  }
  return { patientId, consentIds };
}

export async function addConsent(
  client: GatekeeperClient,
  patientId: string,
  scope: ConsentScope,
  status: 'GIVEN' | 'DECLINED' = 'GIVEN',
): Promise<string> {
  const consentId = freshId('cons');
  await expectOk(client, 'POST', `/v1/patients/${patientId}/consents`, {
    // Given now: the latest consent statement for a scope wins, so a consent given "a day ago" would rank
    // below an earlier consent's withdrawal recorded a minute ago.
    consentId,
    scope,
    status,
    form: 'WRITTEN',
    evidenceRef: 'scan-1',
    capturedBy: 'staff-1',
    at: new Date().toISOString(),
  });
  return consentId;
}

export function withdrawConsent(client: GatekeeperClient, patientId: string, consentId: string) {
  return client.request('POST', `/v1/patients/${patientId}/consents/${consentId}/withdraw`, {
    at: new Date().toISOString(),
    recordedBy: 'staff-1',
  });
}

/** A fixture request re-aimed at `patientId` (the payload's localId is the patient id, as the engine requires). */
export function requestFor(patientId: string, overrides: Partial<DisclosureRequest> = {}): DisclosureRequest {
  const base = request(overrides);
  const payload = overrides.payload ?? fullPayload();
  registerLogMarkers([patientId, ...stringLeaves(payload), ...(base.episode?.id ? [base.episode.id] : [])]);
  return {
    ...base,
    requestId: freshId('req'),
    patientId,
    payload: { ...payload, patient: { ...payload.patient, localId: patientId } },
  };
}

let store: DynamoDbAuditStore | undefined;

/** The audit store of the running stack, read directly (tests only). */
export function auditStore(): DynamoDbAuditStore {
  if (store) return store;
  const { dynamoDbEndpoint, environment } = stack();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  store = new DynamoDbAuditStore(createDocumentClient(), {
    audit: environment['GK_TABLE_AUDIT']!,
    auditHeads: environment['GK_TABLE_AUDIT_HEADS']!,
  });
  return store;
}

export interface LoggedEntry {
  readonly index: number;
  readonly bytes: string;
  readonly entry: Record<string, unknown> & { type: string };
}

/** Every entry of one log, in index order. */
export async function logEntries(origin: string): Promise<LoggedEntry[]> {
  const all: LoggedEntry[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await auditStore().entries(origin, start, 1000);
    all.push(
      ...page.map(({ index, entry }) => ({ index, bytes: entry, entry: JSON.parse(entry) as LoggedEntry['entry'] })),
    );
    if (page.length < 1000) return all;
  }
}

export interface DecisionLogged {
  readonly type: 'disclosure.decision';
  readonly patient: { ref: string };
  readonly request: { requestId: string; digest: string };
  readonly decision: { outcome: string; basis?: { source: string; recordId?: string }; payloadDigest?: string };
}

/** The disclosure.decision entries of `patientId` (optionally of one requestId) in `origin`. */
export async function decisionEntries(
  origin: string,
  patientId: string,
  requestId?: string,
): Promise<Array<LoggedEntry & { entry: DecisionLogged }>> {
  return (await logEntries(origin)).filter((logged): logged is LoggedEntry & { entry: DecisionLogged } => {
    const entry = logged.entry as unknown as DecisionLogged;
    return (
      entry.type === 'disclosure.decision' &&
      entry.patient.ref === patientId &&
      (requestId === undefined || entry.request.requestId === requestId)
    );
  });
}

/** R11: an insurer release, then the consent it rested on withdrawn: one DUE notification. */
export async function patientOwedANotification(clinical: GatekeeperClient): Promise<string> {
  const patientId = freshPatientId();
  const { consentIds } = await preparePatient(clinical, patientId, { consents: [{ scope: 'INSURER_CLAIM' }] });
  const released = await clinical.request<{ decision: string }>(
    'POST',
    '/v1/disclosures',
    requestFor(patientId, INSURER_CLAIM),
  );
  expect(released.body.decision).toBe('ALLOW_WITH_REDACTION');
  expect((await withdrawConsent(clinical, patientId, consentIds.INSURER_CLAIM!)).status).toBe(200);
  return patientId;
}
