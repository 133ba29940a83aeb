/**
 * SE_RESERVNUMMER over HTTP against the local stack (policy-se.md §2, §9): registered through
 * `PUT /v1/patients/{id}` and the CLI, shown masked wherever it is displayed, refused with 422 and
 * its code when it cannot be a number, and never written to a log (the run's log scan looks for it).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';
import type { CliIo } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { patientRecordsWithSwedishSchema } from '../../shared/schemas/se-responses.ts';
import { registerLogMarkers } from '../support/log-registry.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { PN1_PERSONNUMMER, SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId, stack } from '../support/stack.ts';

const S01 = SE_SCENARIOS.find((scenario) => scenario.id === 'S01')!;

/** A fresh number per run, so the log scan can tell it was never logged. */
function freshReservnummer(): string {
  const value = `RS-${randomUUID().slice(0, 8).toUpperCase()}-0042`;
  registerLogMarkers([value]);
  return value;
}

describe('SE_RESERVNUMMER over HTTP', () => {
  it('registers a reservnummer, padded and lower-case, and shows it masked in the answer and the records', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    const reservnummer = freshReservnummer();

    // Act
    const put = await client.request('PUT', `/v1/patients/${patientId}`, {
      identifiers: [{ system: 'SE_RESERVNUMMER', value: ` ${reservnummer.toLowerCase()} ` }],
    });
    const read = await client.request('GET', `/v1/patients/${patientId}/records`);

    // Assess: 16 characters, of which the last four are shown
    const masked = [{ system: 'SE_RESERVNUMMER', masked: '************0042' }];
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ identifiers: masked });
    const records = patientRecordsWithSwedishSchema.parse(read.body);
    expect(records.identifiers).toEqual(masked);
    expect(records.blocks).toEqual([]);
    for (const body of [put.body, read.body]) expect(JSON.stringify(body).toUpperCase()).not.toContain(reservnummer);
  });

  it('refuses a value that cannot be a number with 422 ID_SE_RESERVNUMMER_FORMAT, never echoing it', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');

    // Act
    const refused = await client.request('PUT', `/v1/patients/${patientId}`, {
      identifiers: [{ system: 'SE_RESERVNUMMER', value: 'Eva Testsson 42' }],
    });
    const read = await client.request('GET', `/v1/patients/${patientId}/records`);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'identifiers.0.value', code: 'ID_SE_RESERVNUMMER_FORMAT' }],
    });
    expect(JSON.stringify(refused.body)).not.toContain('Testsson');
    expect(read.status).toBe(404);
  });

  it('gatekeeper patient register --reservnummer --employers registers both', async () => {
    // Prepare
    const out: string[] = [];
    const io: CliIo = {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: { GATEKEEPER_URL: stack().url, GATEKEEPER_ORG: 'demo-se' },
      cwd: process.cwd(),
      fetch: globalThis.fetch,
    };
    const key = join(stack().keysDir, 'demo-se-clinical.private.jwk.json');
    const patientId = freshPatientId('PN');
    const reservnummer = freshReservnummer();

    // Act
    const code = await main(
      [
        'patient',
        'register',
        patientId,
        '--reservnummer',
        reservnummer,
        '--employers',
        'se-ag-demo',
        '--client',
        'demo-se-clinical',
        '--key',
        key,
      ],
      io,
      COMMANDS,
    );
    const records = await demoSe.clinical().request('GET', `/v1/patients/${patientId}/records`);

    // Assess
    expect(code).toBe(0);
    expect(patientRecordsWithSwedishSchema.parse(records.body)).toMatchObject({
      identifiers: [{ system: 'SE_RESERVNUMMER' }],
      employers: [{ recipientId: 'se-ag-demo', registered: true }],
    });
    expect(out.join('\n')).not.toContain(reservnummer);
  });

  it('a disclosure naming the registered reservnummer passes the identity gate; another one is DENY_IDENTITY_MISMATCH', async () => {
    // Prepare: S01's records, the patient registered with a reservnummer beside the personnummer
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    const reservnummer = freshReservnummer();
    await prepareSePatient(client, patientId, S01.records);
    await client.request('PUT', `/v1/patients/${patientId}`, {
      identifiers: [
        { system: 'SE_PERSONNUMMER', value: PN1_PERSONNUMMER },
        { system: 'SE_RESERVNUMMER', value: reservnummer },
      ],
    });
    const withReservnummer = (value: string) => {
      const request = seRequest(S01, patientId, freshId('req'));
      return {
        ...request,
        payload: { ...request.payload, patient: { ...request.payload.patient, reservnummer: value } },
      };
    };

    // Act
    const same = await client.request('POST', '/v1/disclosures', withReservnummer(reservnummer.toLowerCase()));
    const other = await client.request('POST', '/v1/disclosures', withReservnummer(`${reservnummer}9`));

    // Assess
    expect(decisionAnswerSchema.parse(same.body)).toMatchObject({
      decision: 'ALLOW_WITH_REDACTION',
      reasonCodes: expect.arrayContaining(['ALLOW_EXPLICIT_CONSENT']) as unknown,
    });
    expect(decisionAnswerSchema.parse(other.body)).toMatchObject({
      decision: 'DENY',
      reasonCodes: ['DENY_IDENTITY_MISMATCH'],
    });
  });
});
