/**
 * `gatekeeper patient restrict|lift-restriction|erase` and `gatekeeper notifications` against the
 * real stack (policy-uk.md §9.8, reviews.md §3–§5): readable reports like `explain`, `--json` for
 * the answer as the API gave it, `--help` for each, and `notifications list` on the search API.
 */
import { describe, expect, it } from 'vitest';
import { stackCli } from '../support/cli-harness.ts';
import { logEntries, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

const cli = () => stackCli({ client: 'demo-records' });

/** A registered patient released once to gp-riverside (P06), so a restriction or erasure notifies it. */
async function releasedPatient(t: ReturnType<typeof cli>): Promise<string> {
  const id = freshPatientId();
  expect(await t.run(['patient', 'register', id, '--nhs', '999 000 0018', '--gp', 'Y01234'])).toBe(0);
  expect((await demo.clinical().request('POST', '/v1/disclosures', requestFor(id))).status).toBe(200);
  return id;
}

const notificationIdIn = (report: string) => /NOTIFICATION\n.*\s(\S+)$/mu.exec(report)?.[1];

describe('gatekeeper patient restrict | lift-restriction | erase', () => {
  it('restricts, lifts once the patient was told, and erases, each with a readable report', async () => {
    // Prepare
    const t = cli();
    const id = await releasedPatient(t);
    const placedAt = new Date().toISOString();
    const restrictionId = freshId('res');
    const restrictArgs = ['--ground', 'ACCURACY_CONTESTED', '--requested-by', 'PATIENT', '--recorded-by', 'staff-1'];

    // Act
    const restrict = await t.run(['patient', 'restrict', id, ...restrictArgs, '--id', restrictionId, '--at', placedAt]);
    const placed = t.out.at(-1)!;
    const lift = ['patient', 'lift-restriction', id, restrictionId, '--reason', 'ACCURACY_VERIFIED'];
    const withoutInforming = await t.run([...lift, '--recorded-by', 'staff-1']);
    const informed = ['--at', placedAt, '--informed-at', placedAt, '--recorded-by', 'staff-1'];
    const lifted = await t.run([...lift, ...informed]);
    const liftReport = t.out.at(-1)!;
    const again = await t.run([...lift, ...informed, '--json']);
    const liftJson = t.last();
    const erase = await t.run(['patient', 'erase', id, '--grounds', 'NO_LONGER_NECESSARY', '--recorded-by', 'staff-1']);
    const erased = t.out.at(-1)!;

    // Assess
    expect([restrict, withoutInforming, lifted, again, erase]).toEqual([0, 2, 0, 0, 0]);
    expect(placed).toContain(`Restriction  ${restrictionId} (ACCURACY_CONTESTED) IN FORCE`);
    expect(placed).toContain('Covers       all of the patient’s data');
    expect(placed).toMatch(
      /Notifications opened \(UK GDPR Art 19\)\n.*STATUS.*\n.*DUE .*gp-riverside.*RESTRICTION_PLACED/u,
    );
    expect(liftReport).toContain(`Restriction  ${restrictionId} (ACCURACY_CONTESTED) LIFTED`);
    expect(liftReport).toMatch(/Lifted {7}\S+ by staff-1 \(ACCURACY_VERIFIED\)/u);
    expect(liftJson).toMatchObject({ restriction: { restrictionId, liftReason: 'ACCURACY_VERIFIED' } });
    expect(erased).toContain(`Erased       ${id} at `);
    expect(erased).toMatch(/DUE .*gp-riverside.*ERASED/u);
    const receipt = /Receipt {6}(\S+) #(\d+)/u.exec(erased)!;
    const entry = (await logEntries(receipt[1]!)).find(({ index }) => index === Number(receipt[2]))!;
    expect(entry.entry.type).toBe('record.patient.erased');
  });

  it('explains every action with --help', async () => {
    // Prepare
    const t = cli();

    // Act
    const codes = [await t.runUnsigned(['patient', '--help']), await t.runUnsigned(['patient', 'restrict', '--help'])];

    // Assess
    expect(codes).toEqual([0, 0]);
    for (const action of ['restrict <patientId>', 'lift-restriction <patientId> <restrictionId>', 'erase <patientId>'])
      expect(t.text()).toContain(action);
    expect(t.text()).toContain('--json');
  });
});

describe('gatekeeper notifications list | sent | not-required', () => {
  it('lists the queue through the search API, marks one sent, one not required, and refuses a second close', async () => {
    // Prepare: two notifications to gp-riverside, opened by a restriction and then by the erasure.
    const t = cli();
    const id = await releasedPatient(t);
    const args = ['--ground', 'ACCURACY_CONTESTED', '--requested-by', 'PATIENT', '--recorded-by', 'staff-1'];
    expect(await t.run(['patient', 'restrict', id, ...args])).toBe(0);
    const first = notificationIdIn(t.out.at(-1)!)!;
    expect(await t.run(['patient', 'erase', id, '--grounds', 'UNLAWFUL', '--recorded-by', 'staff-1'])).toBe(0);
    const second = notificationIdIn(t.out.at(-1)!)!;

    // Act
    const listed = await t.run(['notifications', 'list', '--patient', id]);
    const table = t.out.at(-1)!;
    const sent = await t.run(['notifications', 'sent', first, '--channel', 'LETTER', '--recorded-by', 'staff-3']);
    const sentReport = t.out.at(-1)!;
    const notRequired = await t.run([
      ...['notifications', 'not-required', second, '--reason', 'DISPROPORTIONATE_EFFORT'],
      ...['--recorded-by', 'staff-3'],
    ]);
    const notRequiredReport = t.out.at(-1)!;
    const again = await t.run(['notifications', 'sent', first, '--channel', 'EMAIL', '--recorded-by', 'staff-3']);
    const due = await t.run(['notifications', 'list', id, '--status', 'DUE'], 'demo-auditor');
    const dueTable = t.out.at(-1)!;
    const json = await t.run(['notifications', 'list', id, '--json'], 'demo-auditor');
    const usage = await t.run(['notifications', 'sent']);

    // Assess
    expect([listed, sent, notRequired, again, due, json, usage]).toEqual([0, 0, 0, 1, 0, 0, 2]);
    expect(table).toMatch(/^ +STATUS +DUE +PATIENT +RECIPIENT +TRIGGER +RELEASES +NOTIFICATION$/mu);
    for (const [notificationId, trigger] of [
      [first, 'RESTRICTION_PLACED'],
      [second, 'ERASED'],
    ])
      expect(table).toMatch(new RegExp(`DUE .*${id} .*gp-riverside.*${trigger} +1 +${notificationId}$`, 'mu'));
    expect(table).toContain('2 notification(s)');
    expect(sentReport).toMatch(/Status {8}SENT by LETTER at /u);
    expect(sentReport).toMatch(/Closed {8}\S+ by staff-3 \(demo-records\)/u);
    expect(notRequiredReport).toContain('Status        NOT_REQUIRED (DISPROPORTIONATE_EFFORT)');
    expect(t.err.join('\n')).toContain('review_state_conflict');
    // An auditor may search but not read subject access: the listing is the search API's.
    expect(dueTable).toContain('No notifications.');
    const statuses = (t.last()['notifications'] as Array<{ status: string }>).map((n) => n.status).sort();
    expect(statuses).toEqual(['NOT_REQUIRED', 'SENT']);
    const reads = (await logEntries('gatekeeper.local/demo/org')).filter(
      ({ entry }) => entry.type === 'audit.read' && JSON.stringify(entry['query']).includes(id),
    );
    expect(reads.map(({ entry }) => entry['query'])).toContainEqual({
      endpoint: 'notifications.search',
      patientId: id,
      status: 'DUE',
    });
  });

  it('explains its usage with --help and refuses an unknown action', async () => {
    // Prepare
    const t = cli();

    // Act
    const help = await t.runUnsigned(['notifications', '--help']);
    const unknown = await t.run(['notifications', 'resend', 'ntf-1']);

    // Assess
    expect([help, unknown]).toEqual([0, 2]);
    for (const action of ['list [<patientId>]', 'sent <notificationId>', 'not-required <notificationId>'])
      expect(t.text()).toContain(action);
  });
});
