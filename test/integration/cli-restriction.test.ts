/**
 * `gatekeeper patient restrict|lift-restriction|erase` and `gatekeeper notifications` against the
 * real stack (policy-uk.md §9.8, reviews.md §3–§5).
 */
import { describe, expect, it } from 'vitest';
import { stackCli } from '../support/cli-harness.ts';
import { requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

const cli = () => stackCli({ client: 'demo-clinical' });

describe('gatekeeper patient restrict | lift-restriction | erase', () => {
  it('restricts, lifts once the patient was told, and erases', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId();
    expect(await t.run(['patient', 'register', id, '--nhs', '999 000 0018', '--gp', 'Y01234'])).toBe(0);
    const placedAt = new Date().toISOString();

    // Act
    const restrict = await t.run([
      'patient',
      'restrict',
      id,
      '--ground',
      'ACCURACY_CONTESTED',
      '--requested-by',
      'PATIENT',
      '--recorded-by',
      'staff-1',
      '--id',
      'res-cli',
      '--at',
      placedAt,
    ]);
    const withoutInforming = await t.run([
      'patient',
      'lift-restriction',
      id,
      'res-cli',
      '--reason',
      'ACCURACY_VERIFIED',
      '--recorded-by',
      'staff-1',
    ]);
    const lift = await t.run([
      'patient',
      'lift-restriction',
      id,
      'res-cli',
      '--reason',
      'ACCURACY_VERIFIED',
      '--informed-at',
      placedAt,
      '--recorded-by',
      'staff-1',
    ]);
    const lifted = t.last();
    const erase = await t.run(['patient', 'erase', id, '--grounds', 'NO_LONGER_NECESSARY', '--recorded-by', 'staff-1']);
    const erased = t.last();

    // Assess
    expect([restrict, withoutInforming, lift, erase]).toEqual([0, 2, 0, 0]);
    expect(lifted).toMatchObject({ restriction: { restrictionId: 'res-cli', liftReason: 'ACCURACY_VERIFIED' } });
    expect(erased).toMatchObject({ patientId: id, notifications: [] });
  });
});

describe('gatekeeper notifications list | sent', () => {
  it('lists the notification a restriction opened, marks it sent, and refuses a second close', async () => {
    // Prepare
    const t = cli();
    const id = freshPatientId();
    expect(await t.run(['patient', 'register', id, '--nhs', '999 000 0018', '--gp', 'Y01234'])).toBe(0);
    const disclosure = requestFor(id);
    expect((await demo.clinical().request('POST', '/v1/disclosures', disclosure)).status).toBe(200);
    const args = ['--ground', 'ACCURACY_CONTESTED', '--requested-by', 'PATIENT', '--recorded-by', 'staff-1'];
    expect(await t.run(['patient', 'restrict', id, ...args])).toBe(0);
    const [opened] = t.last()['notifications'] as Array<{ notificationId: string }>;

    // Act
    const listed = await t.run(['notifications', 'list', id]);
    const table = t.out.slice(-2);
    const sent = await t.run([
      'notifications',
      'sent',
      opened!.notificationId,
      '--channel',
      'LETTER',
      '--recorded-by',
      'staff-3',
    ]);
    const again = await t.run([
      'notifications',
      'sent',
      opened!.notificationId,
      '--channel',
      'EMAIL',
      '--recorded-by',
      'staff-3',
    ]);
    const usage = await t.run(['notifications', 'sent']);

    // Assess
    expect([listed, sent, again, usage]).toEqual([0, 0, 1, 2]);
    expect(table[0]).toMatch(/^status +due +recipient/u);
    expect(table[1]).toContain('DUE');
    expect(table[1]).toContain('gp-riverside');
    expect(table[1]).toContain('RESTRICTION_PLACED');
    expect(table[1]).toContain(opened!.notificationId);
    expect(t.err.join('\n')).toContain('review_state_conflict');
  });
});
