/**
 * policy-uk.md §4 and api.md §4.2 under DynamoDB's real isolation: a Query is read-committed per
 * item, not isolated from a concurrent transaction. The isolation model (test/support/
 * dynamodb-isolation-model.ts) reads the patient's partition one item at a time and holds the
 * disclosure's read after its consent items; the test then records a change to completion over
 * HTTP and lets the read finish, so the read sees the change's META next to pre-change items. The
 * decision must never be logged on the records as they were before the change.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import { closeRecordsTable, recordsTable } from '../support/records-table.ts';
import { patientLogOrigin } from '../../shared/services/audit-entries.ts';
import { DEMO_ORG, DEMO_PATIENT_LOGS } from '../../infra/local/seed.ts';
import { INSURER_CLAIM, logEntries, preparePatient, requestFor, withdrawConsent } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, stack } from '../support/stack.ts';
import { freshOrg } from './audit-fixture.ts';

const CLAIM = INSURER_CLAIM;
const GP_CARE = {} as const;
const COMMISSIONING = {
  recipientId: 'nhs-north-trust',
  purpose: 'COMMISSIONING',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
} as const;

afterEach(() => isolation.reset());

afterAll(closeRecordsTable);

async function expectOk(response: Promise<{ status: number; body: unknown }>): Promise<{ receipt: { index: number } }> {
  const { status, body } = await response;
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { receipt: { index: number } };
}

/**
 * Starts the disclosure, waits until its records read is held right after the first item whose
 * sort key starts with `afterSortKeyPrefix`, runs `change` to completion, then lets the read go on.
 */
async function discloseAcross(
  client: GatekeeperClient,
  patientId: string,
  request: Partial<DisclosureRequest>,
  afterSortKeyPrefix: string,
  change: () => Promise<{ receipt: { index: number } }>,
) {
  const pause = await isolation.pauseQuery(patientId, afterSortKeyPrefix);
  const answering = client.request('POST', '/v1/disclosures', requestFor(patientId, request));
  await pause.reached();
  const changed = await change();
  await pause.release();
  const response = await answering;
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { answer: decisionAnswerSchema.parse(response.body), changedAt: changed.receipt.index };
}

/** The verifier's log-promise check over the patient's whole log. */
async function promiseFailures(answer: DecisionAnswerBody): Promise<string[]> {
  const promises = new LogPromises();
  const failures: string[] = [];
  for (const { index, bytes } of await logEntries(answer.receipt.origin)) {
    const failure = promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index);
    if (failure) failures.push(`${failure.code}: ${failure.message}`);
  }
  return failures;
}

describe('a decision whose records change while they are read (policy-uk.md §4)', () => {
  it('consent withdrawn between the consent item and META: the decision is denied, never an ALLOW on the withdrawn consent', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId, consentIds } = await preparePatient(client, freshPatientId('ISO'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });

    // Act
    const { answer, changedAt } = await discloseAcross(client, patientId, CLAIM, 'CONSENT#', () =>
      expectOk(withdrawConsent(client, patientId, consentIds.INSURER_CLAIM!)),
    );

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['DENY', 'DENY_CONSENT_WITHDRAWN']);
    expect(answer.receipt.index).toBeGreaterThan(changedAt);
    expect(await promiseFailures(answer)).toEqual([]);
  });

  it('a newer DECLINED consent the read never saw (its item sorts before the one being read): the decision is denied', async () => {
    // Prepare: the given consent's id sorts after the declining one's, so an in-order read has passed
    // the declining item's place by the time it is written.
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('ISO'));
    const consent = (consentId: string, status: string) => ({
      consentId,
      scope: 'INSURER_CLAIM',
      status,
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    });
    await expectOk(
      client.request('POST', `/v1/patients/${patientId}/consents`, consent(`cons-b-${freshId('x')}`, 'GIVEN')),
    );

    // Act
    const { answer, changedAt } = await discloseAcross(client, patientId, CLAIM, 'CONSENT#cons-b-', () =>
      expectOk(
        client.request('POST', `/v1/patients/${patientId}/consents`, consent(`cons-a-${freshId('x')}`, 'DECLINED')),
      ),
    );

    // Assess
    expect(answer.decision).toBe('DENY');
    expect(answer.receipt.index).toBeGreaterThan(changedAt);
    expect(await promiseFailures(answer)).toEqual([]);
  });

  it('objection raised while the records are read: the decision honours it', async () => {
    // Prepare: an unrelated consent puts an item before META, where the read is held. OBJECTION#
    // items sort after META, so a read that saw the new META also sees the new objection: this one
    // held on the store before manifests too, and guards the layout rather than the old hole.
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('ISO'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });
    const objection = {
      objectionId: freshId('obj'),
      scope: 'GP',
      at: new Date(Date.now() - 60_000).toISOString(),
      recordedBy: 'staff-2',
    };

    // Act
    const { answer, changedAt } = await discloseAcross(client, patientId, GP_CARE, 'CONSENT#', () =>
      expectOk(client.request('POST', `/v1/patients/${patientId}/objections`, objection)),
    );

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
    expect(answer.receipt.index).toBeGreaterThan(changedAt);
    expect(await promiseFailures(answer)).toEqual([]);
  });

  it('National Data Opt-out recorded while the records are read: the decision honours it', async () => {
    // Prepare: the NDOP result lives in META, read atomically with the version (held before manifests too).
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('ISO'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });

    // Act
    const { answer, changedAt } = await discloseAcross(client, patientId, COMMISSIONING, 'CONSENT#', () =>
      expectOk(
        client.request('PUT', `/v1/patients/${patientId}/ndop`, {
          status: 'OPTED_OUT',
          checkedAt: new Date().toISOString(),
        }),
      ),
    );

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['DENY', 'DENY_NDOP_OPT_OUT']);
    expect(answer.receipt.index).toBeGreaterThan(changedAt);
  });
});

describe('records as stored before manifests, and records that never settle', () => {
  it('a consent item without rev (the earlier layout) is relied on, withdrawn and then honoured', async () => {
    // Prepare: a registered patient and a consent item written as the store wrote it before. The
    // item has no entry in the log (as none would after a migration), so it lives in an org of its
    // own: the demo org's log must stay verifiable for the files that verify it whole.
    const { org, clinical: client } = await freshOrg(1);
    const { patientId } = await preparePatient(client, freshPatientId('OLD'));
    const consentId = freshId('cons');
    const record = {
      consentId,
      scope: 'INSURER_CLAIM',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    };
    const { doc, name: table } = recordsTable();
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: `PATIENT#${org}#${patientId}`,
          sk: `CONSENT#${consentId}`,
          record,
          receipt: { origin: 'o', index: 0, leafHash: 'h', entryId: 'e' },
        },
      }),
    );

    // Act
    const before = decisionAnswerSchema.parse(
      (await client.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM))).body,
    );
    await expectOk(withdrawConsent(client, patientId, consentId));
    const after = decisionAnswerSchema.parse(
      (await client.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM))).body,
    );

    // Assess
    expect([before.decision, before.basis?.recordId]).toEqual(['ALLOW_WITH_REDACTION', consentId]);
    expect([after.decision, after.reasonCodes[0]]).toEqual(['DENY', 'DENY_CONSENT_WITHDRAWN']);
  });

  it('records whose items never agree with META answer 503 to reads and disclosures, and nothing is logged', async () => {
    // Prepare: META names a record item that is not there.
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('BAD'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });
    const { doc, name: table } = recordsTable();
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `PATIENT#demo#${patientId}`, sk: 'META' },
        UpdateExpression: 'SET #missing = :rev',
        ExpressionAttributeNames: { '#missing': 'rev:OBJECTION#gone' },
        ExpressionAttributeValues: { ':rev': 1 },
      }),
    );
    const origin = patientLogOrigin(stack().environment['GK_DEPLOYMENT']!, DEMO_ORG, patientId, DEMO_PATIENT_LOGS);
    const patientEntries = async () =>
      (await logEntries(origin)).filter(
        ({ entry }) => (entry['patient'] as { ref?: string } | undefined)?.ref === patientId,
      );
    const logged = await patientEntries();

    // Act
    const records = await client.request('GET', `/v1/patients/${patientId}/records`);
    const disclosure = await client.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM));
    const ndop = await client.request('PUT', `/v1/patients/${patientId}/ndop`, {
      status: 'NOT_OPTED_OUT',
      checkedAt: new Date().toISOString(),
    });

    // Assess
    expect([records.status, disclosure.status, ndop.status]).toEqual([503, 503, 503]);
    expect(logged.length).toBeGreaterThan(0);
    expect(await patientEntries()).toEqual(logged);
  });
});
