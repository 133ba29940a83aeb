import { describe, expect, it } from 'vitest';
import { stackCli } from '../support/cli-harness.ts';
import { freshPatientId } from '../support/stack.ts';

/** The records staff's CLI against the real stack: every action reaches the API and is logged. */
const cli = () => stackCli({ client: 'demo-clinical' });

describe('gatekeeper patient', () => {
  it('registers a patient, records and withdraws a consent, objects, checks NDOP and reads it all back', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId();

    // Act / Assess
    expect(await t.run(['patient', 'register', id, '--nhs', '999 000 0018', '--gp', 'Y01234'])).toBe(0);
    expect(
      await t.run([
        'patient',
        'consent',
        id,
        '--scope',
        'INSURER_CLAIM',
        '--form',
        'WRITTEN',
        '--evidence',
        'scan-1',
        '--captured-by',
        'staff-1',
        '--id',
        'cons-1',
      ]),
    ).toBe(0);
    expect(await t.run(['patient', 'withdraw', id, 'cons-1', '--recorded-by', 'staff-2', '--reason', 'phoned'])).toBe(
      0,
    );
    expect(await t.run(['patient', 'object', id, '--scope', 'GP', '--recorded-by', 'staff-2', '--id', 'obj-1'])).toBe(
      0,
    );
    expect(await t.run(['patient', 'ndop', id, '--status', 'NOT_OPTED_OUT'])).toBe(0);
    expect(await t.run(['patient', 'records', id])).toBe(0);

    // Assess
    const records = t.last() as {
      identifiers: Array<{ masked: string }>;
      consents: Array<{ consentId: string; withdrawn?: object }>;
      objections: unknown[];
      ndop: { status: string };
    };
    expect(records.identifiers[0]?.masked).toMatch(/0018$/);
    expect(JSON.stringify(records)).not.toContain('9990000018');
    expect(records.consents).toEqual([
      expect.objectContaining({ consentId: 'cons-1', withdrawn: expect.any(Object) as object }),
    ]);
    expect(records.objections).toHaveLength(1);
    expect(records.ndop.status).toBe('NOT_OPTED_OUT');
  });

  it('records a date-scoped, see-first consent and a capacity-confirmed emergency refusal (pack 2026.2 terms)', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId();
    const consent = ['--scope', 'MEDICO_LEGAL', '--recipient', 'expert-medlegal', '--form', 'WRITTEN'];
    const terms = ['--records-from', '2026-03-01', '--records-to', '2026-03-31', '--see-before-release', 'true'];

    // Act / Assess
    expect(await t.run(['patient', 'register', id, '--nhs', '999 000 0018'])).toBe(0);
    expect(
      await t.run(['patient', 'consent', id, ...consent, ...terms, '--evidence', 'scan-1', '--captured-by', 'staff-1']),
    ).toBe(0);
    const recorded = t.last() as { consent: Record<string, unknown> };
    expect(
      await t.run([
        'patient',
        'object',
        id,
        '--scope',
        'EMERGENCY_CARE',
        '--recorded-by',
        'staff-2',
        '--capacity-confirmed-by',
        'dr-4',
      ]),
    ).toBe(0);
    const objected = t.last() as { objection: Record<string, unknown> };

    // Assess
    expect(recorded.consent).toMatchObject({
      recordsFrom: '2026-03-01',
      recordsTo: '2026-03-31',
      seeBeforeRelease: true,
    });
    expect(objected.objection).toMatchObject({ scope: 'EMERGENCY_CARE', capacityConfirmedBy: 'dr-4' });
  });

  it('exits 1 with the problem on stderr when the API refuses, and 2 on a usage error', async () => {
    // Prepare
    const t = cli();

    // Act / Assess
    expect(await t.run(['patient', 'register', freshPatientId(), '--nhs', '9434765918'])).toBe(1);
    expect(t.err.join('\n')).toContain('ID_NHS_CHECKSUM');
    expect(t.err.join('\n')).not.toContain('9434765918');
    expect(await t.run(['patient', 'consent', freshPatientId()])).toBe(2);
  });
});
