/** The Caldicott Guardian's CLI against the real stack: list the queue, show a case, decide it. */
import { describe, expect, it } from 'vitest';
import { stackCli } from '../support/cli-harness.ts';
import { referred } from '../support/reviews.ts';

const cli = () => stackCli({ client: 'demo-cg' });

describe('gatekeeper reviews', () => {
  it('lists the open case, shows it readably and decides it; deciding again exits 1 with the 409', async () => {
    // Prepare
    const { patientId, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const t = cli();

    // Act
    const listed = await t.run(['reviews', 'list', '--patient', patientId]);
    const listing = t.out.at(-1)!;
    const decided = await t.run([
      'reviews',
      'decide',
      reviewId,
      '--outcome',
      'APPROVED',
      '--role',
      'CALDICOTT_GUARDIAN',
      '--justification',
      'Needed for the fitness-to-practise case',
      '--conditions',
      'Send by secure email only',
    ]);
    const report = t.out.at(-1)!;
    const again = await t.run([
      'reviews',
      'decide',
      reviewId,
      '--outcome',
      'REJECTED',
      '--role',
      'CALDICOTT_GUARDIAN',
      '--justification',
      'x',
    ]);
    const shown = await t.run(['reviews', 'show', reviewId], 'demo-auditor');

    // Assess
    expect([listed, decided, again, shown]).toEqual([0, 0, 1, 0]);
    expect(listing).toMatch(new RegExp(`${reviewId}\\s+REFER\\s+OPEN`));
    expect(report).toContain('Status    APPROVED');
    expect(report).toContain('REFER_REGULATOR_NON_STATUTORY');
    expect(report).toContain('Send by secure email only');
    expect(t.err.at(-1)).toContain('review_state_conflict');
    // An auditor sees the case, not the reviewer's free text.
    expect(t.out.at(-1)).toContain('Status    APPROVED');
    expect(t.out.at(-1)).not.toContain('fitness-to-practise');
  });

  it('explains its usage with --help and refuses an unknown action', async () => {
    // Prepare
    const t = cli();

    // Act / Assess
    expect(await t.runUnsigned(['reviews', '--help'])).toBe(0);
    expect(t.out.join('\n')).toContain('reviews <action>');
    expect(await t.run(['reviews', 'approve-all'])).toBe(2);
  });
});
