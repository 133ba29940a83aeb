/**
 * The console for each demo person in headless Chromium (console.md §1, §2): the Overview's queue
 * counts as the gatekeeper counts them and each log's checkpoint with its age; and what each person
 * sees is what their scopes allow, controls they cannot use not shown (a reader of the queues gets
 * no decide form and no "Mark sent"; a reviewer is offered only the role they are registered in).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatekeeperClient } from '../../../shared/client/index.ts';
import { launchBrowser } from '../../support/browser/launch.ts';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  goTo,
  openConsole,
  screenshot,
  signInWithKeyFile,
} from '../../support/browser/console.ts';
import { patientOwedANotification, preparePatient, requestFor } from '../../support/scenarios.ts';
import { demo, freshPatientId } from '../../support/stack.ts';

let browser: Browser;
let reviewId: string;
let referredPatientId: string;
let duePatientId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const clinical = demo.clinical();
  // An open REFER case (R01) and a due notification (R11), so both queues have something in them.
  const referred = freshPatientId();
  referredPatientId = referred;
  await preparePatient(clinical, referred);
  const refer = await clinical.request<{ review?: { reviewId: string } }>(
    'POST',
    '/v1/disclosures',
    requestFor(referred, { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' }),
  );
  reviewId = refer.body.review!.reviewId;
  duePatientId = await patientOwedANotification(clinical);
});

afterAll(async () => {
  await browser?.close();
});

/** How many the search finds, every page followed: the figure the Overview must show. */
async function countOf(client: GatekeeperClient, path: string, filters: Record<string, unknown>): Promise<number> {
  const member = path.includes('reviews') ? 'reviews' : 'notifications';
  let count = 0;
  let cursor: string | undefined;
  do {
    const answer = await client.request<Record<string, unknown[]> & { nextCursor?: string | null }>('POST', path, {
      ...filters,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    expect(answer.status).toBe(200);
    count += answer.body[member]!.length;
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

async function navigation(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
}

describe('the Overview', () => {
  it("counts the open reviews and due notifications as the gatekeeper does, and shows each log's checkpoint age", async () => {
    // Prepare
    const { page, problems } = await openConsole(browser);
    const dpo = demo.dpo();
    // Act
    await signInWithKeyFile(page, 'demo-dpo');
    await page.getByTestId('decision-count').waitFor();
    const expected = {
      reviews: `${await countOf(dpo, '/v1/reviews/search', { status: 'OPEN' })} open, ${await countOf(dpo, '/v1/reviews/search', { status: 'OPEN', overdue: true })} overdue.`,
      notifications: `${await countOf(dpo, '/v1/notifications/search', { status: 'DUE' })} due, ${await countOf(dpo, '/v1/notifications/search', { status: 'DUE', overdue: true })} overdue.`,
    };
    // Assess
    await expect(page.getByTestId('reviews-count').textContent()).resolves.toBe(expected.reviews);
    await expect(page.getByTestId('notifications-count').textContent()).resolves.toBe(expected.notifications);
    const logs = page.getByRole('table', { name: 'Latest signed checkpoints' }).getByRole('row');
    const rows = (await logs.allTextContents()).slice(1);
    expect(rows.length).toBeGreaterThan(1);
    // Each log's latest checkpoint with when it was signed, by this run's stack: never days old.
    for (const row of rows) expect(row).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \((just now|\d+ min ago|\d+ h ago)\)/);
    await expectNoAxeViolations(page);
    await screenshot(page, 'overview-dpo', { fullPage: true });
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });
});

describe('the Overview over many decisions', () => {
  it('says when it charts only the newest decisions, rather than showing a partial month as whole', async () => {
    // Prepare: the decision search answers as if without end (500 a page, always a next cursor).
    const { page } = await openConsole(browser);
    let real: { entries: unknown[] } | undefined;
    await page.route('**/v1/audit/search', async (route) => {
      if (!route.request().postData()?.includes('disclosure.decision')) return route.continue();
      real ??= (await (await route.fetch()).json()) as { entries: unknown[] };
      await route.fulfill({
        json: { entries: Array.from({ length: 500 }, () => real!.entries[0]), nextCursor: 'more' },
      });
    });
    // Act
    await signInWithKeyFile(page, 'demo-auditor');
    // Assess
    await expect(page.getByTestId('decision-count').textContent()).resolves.toMatch(
      /^More than 2000 decisions in the last 30 days: the charts show the newest 2000, from \d{4}-\d\d-\d\d \d\d:\d\d; earlier days are incomplete\.$/,
    );
  });
});

describe('what each person sees', () => {
  it('offers each demo person the pages their scopes allow', async () => {
    for (const [person, pages] of [
      ['demo-auditor', ['Overview', 'Audit log', 'Reviews', 'Notifications', 'Policy']],
      ['demo-cg', ['Overview', 'Audit log', 'Reviews', 'Notifications', 'Policy']],
      ['demo-dpo', ['Overview', 'Audit log', 'Patient', 'Reviews', 'Notifications', 'Policy']],
      ['demo-records', ['Overview', 'Patient', 'Notifications', 'Policy']],
    ] as const) {
      // Act
      const { page } = await openConsole(browser);
      await signInWithKeyFile(page, person);
      // Assess
      expect(await navigation(page), person).toEqual(pages);
      await page.context().close();
    }
  });

  it('shows a reader of the queues no decide form and no "Mark sent"', async () => {
    // Prepare
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-auditor');
    // Act
    await goTo(page, 'Reviews', 'Reviews');
    await page.getByRole('button', { name: `Open case ${reviewId}` }).click();
    await page.getByRole('heading', { name: `Review ${reviewId}`, level: 1 }).waitFor();
    // Assess
    await expect(page.getByRole('heading', { name: /^Original decision/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Record the decision' }).count()).resolves.toBe(0);
    // Act
    await goTo(page, 'Notifications', 'Notifications');
    const row = page.getByRole('row').filter({ hasText: duePatientId });
    await row.waitFor();
    // Assess
    await expect(page.getByRole('button', { name: /^Mark / }).count()).resolves.toBe(0);
    await expect(page.getByRole('columnheader', { name: 'action' }).count()).resolves.toBe(0);
    await expect(page.getByText('You may read this list').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);
  });

  it('offers a reviewer only the role the gatekeeper registered for them', async () => {
    for (const [person, role] of [
      ['demo-cg', 'Caldicott Guardian'],
      ['demo-dpo', 'DPO'],
    ] as const) {
      // Prepare
      const { page } = await openConsole(browser);
      await signInWithKeyFile(page, person);
      // Act
      await goTo(page, 'Reviews', 'Reviews');
      await page.getByRole('button', { name: `Open case ${reviewId}` }).click();
      await page.getByRole('button', { name: 'Record the decision' }).waitFor();
      // Assess
      await expect(page.getByLabel('Your role').locator('option').allTextContents(), person).resolves.toEqual([role]);
      await page.context().close();
    }
  });
});

describe('the audit log search', () => {
  it('finds entries of every type the log holds, such as the review a REFER opened', async () => {
    // Prepare
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-auditor');
    await goTo(page, 'Audit log', 'Audit log');
    // Act
    await page.getByLabel('Patient id').fill(referredPatientId);
    await page.getByLabel('Entry type').selectOption('review.opened');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    // Assess
    await page.getByRole('heading', { name: '1 entries' }).waitFor();
    const rows = await page
      .getByRole('table', { name: /^Matching entries/ })
      .getByRole('row')
      .allTextContents();
    expect(rows.slice(1).map((row) => row.includes('review.opened'))).toEqual([true]);
    expect(problems).toEqual([]);
  });
});

describe('the subject access report', () => {
  it('tells the patient who was notified of their withdrawn consent, by name, and by when', async () => {
    // Prepare
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-dpo');
    await goTo(page, 'Patient', 'Patient: subject access');
    // Act
    await page.getByLabel('Patient id').fill(duePatientId);
    await page.getByRole('button', { name: 'Show disclosures' }).click();
    // Assess
    const told = page.getByRole('table', { name: /^Recipients told of changes/ }).getByRole('row');
    await told.first().waitFor();
    const rows = (await told.allTextContents()).slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^Acme Health InsuranceCONSENT_WITHDRAWNDUEdue by \d{4}-\d\d-\d\d$/);
    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);
  });
});

describe('the Policy page', () => {
  it('shows the pack the logged decisions name, its digest recomputed in the browser', async () => {
    // Prepare: the pack named by the decision this file logged for the insurer release.
    const search = await demo
      .auditor()
      .request<{ entries: Array<{ entry: { decision?: { policy: { digest: string } } } }> }>(
        'POST',
        '/v1/audit/search',
        {
          patientId: duePatientId,
          type: 'disclosure.decision',
        },
      );
    const named = search.body.entries[0]!.entry.decision!.policy.digest;
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-records');
    // Act
    await goTo(page, 'Policy', /^Policy pack/);
    // Assess
    await expect(page.getByTestId('policy-digest').textContent()).resolves.toBe(named);
    await page.getByText('The digest was recomputed in this browser').waitFor();
    const reasons = await page.getByRole('region', { name: 'code, kind, explanation' }).textContent();
    expect(reasons).toContain('ALLOW_REVIEW_APPROVED');
    expect(problems).toEqual([]);
  });

  it('warns when the pack it was served does not hash to the digest served with it', async () => {
    // Prepare: the pack's text altered on its way, its digest left as it was.
    const { page } = await openConsole(browser);
    await page.route('**/console/policy.json', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { document: { switches: Record<string, unknown> } };
      body.document.switches['review.referExpiresHours'] = 10_000;
      await route.fulfill({ response, json: body });
    });
    await signInWithKeyFile(page, 'demo-records');
    // Act
    await goTo(page, 'Policy', /^Policy pack/);
    // Assess
    await page.getByRole('alert').filter({ hasText: 'does not hash to its published digest' }).waitFor();
  });
});
