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
});
