/**
 * DynamoDbRecordsStore against DynamoDB Local through the DynamoDB isolation model: reads that
 * catch a write half-way are answered from one state, records stored before manifests existed stay
 * readable and writable, and a partition that never settles fails closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { manifestAttribute } from '../../shared/adapters/dynamodb/records-manifest.ts';
import { DependencyUnavailableError } from '../../shared/errors.ts';
import { addConsentSchema, withdrawConsentSchema } from '../../shared/schemas/records.ts';
import { startIsolationModel, type IsolationModel } from '../support/dynamodb-isolation-model.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';
import { DIGEST, buildStack, caller, seedOrg } from './records-fixture.ts';

const ORG = 'acme';
let db: TestDynamoDb;
let model: IsolationModel;
let modelled: DynamoDBDocumentClient;
let stack: ReturnType<typeof buildStack>;

beforeAll(async () => {
  db = await startTestDynamoDb();
  model = await startIsolationModel({ backend: db.endpoint });
  modelled = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: model.endpoint }));
  stack = buildStack(db);
  await seedOrg(db, ORG);
});

afterAll(async () => {
  modelled?.destroy();
  await model?.close();
  await db?.close();
});

let counter = 0;
const freshPatient = () => `MRN-ST-${String((counter += 1)).padStart(4, '0')}`;
const consentBody = (consentId: string) =>
  addConsentSchema.parse({
    consentId,
    scope: 'INSURER_CLAIM',
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'scan-1',
    capturedBy: 'staff-1',
    at: '2026-11-20T10:00:00Z',
  });
const withdrawal = withdrawConsentSchema.parse({ at: '2026-11-21T10:00:00Z', recordedBy: 'staff-1' });
const put = (item: Record<string, unknown>) =>
  db.doc.send(new PutCommand({ TableName: db.tables.Records, Item: item }));

describe('DynamoDbRecordsStore.read under read-committed Queries', () => {
  it('a read that saw the consent before its withdrawal and META after it reads again and answers the withdrawn state', async () => {
    // Prepare
    const patientId = freshPatient();
    await stack.service.addConsent(caller(ORG), patientId, consentBody('cons-1'), DIGEST);
    const store = new DynamoDbRecordsStore(modelled, db.tables.Records);
    const pause = model.pauseQuery({ partitionContains: patientId, afterSortKeyPrefix: 'CONSENT#' });

    // Act
    const reading = store.read(ORG, patientId);
    await model.whenPaused(pause);
    await stack.service.withdrawConsent(caller(ORG), patientId, 'cons-1', withdrawal, DIGEST);
    model.release(pause);
    const snapshot = await reading;

    // Assess
    expect(snapshot.version).toBe(2);
    expect(snapshot.consents[0]?.withdrawn?.at).toBe('2026-11-21T10:00:00.000Z');
  });

  it('reads records stored before manifests existed, and a withdrawal of one brings it under the manifest', async () => {
    // Prepare: META without manifest, a consent item without rev (the layout before this change).
    const patientId = freshPatient();
    const pk = `PATIENT#${ORG}#${patientId}`;
    const { consent } = await stack.service.addConsent(caller(ORG), freshPatient(), consentBody('cons-old'), DIGEST);
    const receipt = { origin: 'o', index: 0, leafHash: 'h', entryId: 'e' };
    await put({ pk, sk: 'META', version: 1 });
    await put({ pk, sk: 'CONSENT#cons-old', record: consent, receipt });

    // Act
    const before = await stack.records.read(ORG, patientId);
    await stack.service.withdrawConsent(caller(ORG), patientId, 'cons-old', withdrawal, DIGEST);
    const after = await stack.records.read(ORG, patientId);

    // Assess
    expect([before.version, before.consents[0]?.consentId, before.consents[0]?.withdrawn]).toEqual([
      1,
      'cons-old',
      undefined,
    ]);
    expect([after.version, after.consents[0]?.withdrawn?.recordedBy]).toEqual([2, 'staff-1']);
  });

  it('a partition whose items never agree with META fails closed with DependencyUnavailableError', async () => {
    // Prepare: META lists a record item that is not there.
    const patientId = freshPatient();
    await put({ pk: `PATIENT#${ORG}#${patientId}`, sk: 'META', version: 4, [manifestAttribute('OBJECTION#gone')]: 4 });

    // Act
    const reading = stack.records.read(ORG, patientId);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
