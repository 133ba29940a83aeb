/** The Swedish `patient` actions of the CLI against the real stack, as org `demo-se`. */
import { describe, expect, it } from 'vitest';
import { stackCli } from '../support/cli-harness.ts';
import { HUD2, PN1_PERSONNUMMER } from '../support/se-scenarios.ts';
import { freshPatientId } from '../support/stack.ts';

const cli = () => stackCli({ client: 'demo-se-clinical', org: 'demo-se' });

describe('gatekeeper patient (Swedish records)', () => {
  it('places and lifts a block, records a spärr check and a care relation; refuses an inner block without its unit', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId('PN');
    expect(
      await t.run([
        'request',
        'PUT',
        `/v1/patients/${id}`,
        '--body',
        JSON.stringify({ identifiers: [{ system: 'SE_PERSONNUMMER', value: PN1_PERSONNUMMER }] }),
      ]),
    ).toBe(0);

    // Act
    const block = await t.run([
      'patient',
      'block',
      id,
      '--kind',
      'INRE',
      '--unit',
      HUD2,
      '--recorded-by',
      'staff-1',
      '--id',
      'blk-1',
    ]);
    const lift = await t.run([
      'patient',
      'lift-block',
      id,
      'blk-1',
      '--reason',
      'PATIENT_REQUEST',
      '--recorded-by',
      'staff-1',
    ]);
    const lifted = t.last();
    const check = await t.run(['patient', 'sparr-check', id, '--status', 'CHECKED']);
    const relation = await t.run([
      'patient',
      'care-relation',
      id,
      '--recipient',
      'se-vc-norr',
      '--attested-by',
      'lak-9',
      '--evidence',
      'intyg-1',
    ]);
    const refused = await t.run(['patient', 'block', id, '--kind', 'INRE', '--recorded-by', 'staff-1']);

    // Assess
    expect([block, lift, check, relation]).toEqual([0, 0, 0, 0]);
    expect(lifted).toMatchObject({ block: { blockId: 'blk-1', lifted: { reason: 'PATIENT_REQUEST' } } });
    expect(refused).not.toBe(0);
  });

  it('issues a registerutdrag with readable JSON; a retry with the same --id and --at is the same extract; --help names it', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId('PN');
    await t.run([
      'request',
      'PUT',
      `/v1/patients/${id}`,
      '--body',
      JSON.stringify({ identifiers: [{ system: 'SE_PERSONNUMMER', value: PN1_PERSONNUMMER }] }),
    ]);
    const at = new Date().toISOString();
    const args = ['patient', 'registerutdrag', id, '--form', 'E_ID', '--recorded-by', 'staff-1', '--id', 'utdrag-1'];
    const retry = [...args, '--at', at];

    // Act
    const issued = await t.run([...args, '--at', at]);
    const first = t.last();
    const retried = await t.run(retry);
    const conflicting = await t.run([...args, '--at', new Date(Date.parse(at) - 60_000).toISOString()]);
    const again = t.last();
    const missingForm = await t.run(['patient', 'registerutdrag', id, '--recorded-by', 'staff-1']);
    const help = await t.run(['patient', '--help']);

    // Assess
    expect([issued, retried, conflicting, missingForm, help]).toEqual([0, 0, 1, 2, 0]);
    expect(first).toMatchObject({ countThisYear: 1, free: true, disclosures: [] });
    expect(again).toEqual(first);
    expect(t.text()).toContain('registerutdrag <patientId> --form <SIGNED_LETTER|E_ID> --recorded-by <staff id>');
  });
});
