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
import { demoSe } from '../support/se-http.ts';
import { freshPatientId, stack } from '../support/stack.ts';

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
});
