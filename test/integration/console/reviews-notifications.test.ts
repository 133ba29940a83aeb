/**
 * The Reviews and Notifications pages in headless Chromium (console.md §2, reviews.md §5): a CG
 * decides a REFER case (R01 then approval), records staff mark a notification sent (R11).
 * Both always run: a missing endpoint or browser fails them, never skips them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the Reviews page', () => {
  it('lets the Caldicott Guardian open a REFER case and approve it with a justification', async () => {
    // Prepare: R01, a REFER to the GMC without an instrument or consent.
    const patientId = freshPatientId();
    const clinical = demo.clinical();
    await preparePatient(clinical, patientId);
    const refer = await clinical.request<{ decision: string; review?: { reviewId: string } }>(
      'POST',
      '/v1/disclosures',
      requestFor(patientId, { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' }),
    );
    expect(refer.body.decision).toBe('REFER');
    const reviewId = refer.body.review!.reviewId;
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-cg');
    // Act
    await goTo(page, 'Reviews', 'Reviews');
    await expectNoAxeViolations(page);
    await screenshot(page, 'reviews');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: `Open case ${reviewId}` }).click();
    await page.getByRole('heading', { name: `Review ${reviewId}`, level: 1 }).waitFor();
    await page.getByLabel('Outcome').selectOption('APPROVED');
    await page.getByLabel('Your role').selectOption('CALDICOTT_GUARDIAN');
    await page.getByLabel(/^Justification/).fill('Proportionate: the GMC case concerns this episode only.');
    await page.getByLabel(/^Conditions/).fill('Use for case GMC-1 only; destroy within 12 months.');
    await expectNoAxeViolations(page);
    await screenshot(page, 'review-case');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    // Assess
    await page.getByText('Decided: APPROVED.').waitFor();
    const decided = await demo.cg().request<{ status: string; conditions?: string }>('GET', `/v1/reviews/${reviewId}`);
    expect(decided.body).toMatchObject({
      status: 'APPROVED',
      conditions: 'Use for case GMC-1 only; destroy within 12 months.',
    });
    await expect(page.getByRole('button', { name: 'Record the decision' }).isDisabled()).resolves.toBe(true);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });
});

describe('the Notifications page', () => {
  it('lets records staff mark a due notification sent', async () => {
    // Prepare
    const patientId = await patientOwedANotification(demo.clinical());
    const clinical = demo.clinical();
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-records');
    // Act
    await goTo(page, 'Notifications', 'Notifications');
    const row = page.getByRole('row').filter({ hasText: patientId });
    // The row, or the page's error: a failing search shows its reason rather than a timeout.
    await row.or(page.getByRole('alert')).first().waitFor();
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    await expectNoAxeViolations(page);
    await screenshot(page, 'notifications');
    await row.getByLabel('Channel').selectOption('LETTER');
    await row.getByRole('button', { name: 'Mark sent to ins-acme-health' }).click();
    // Assess: the page reloads the due list without it.
    await row.waitFor({ state: 'detached' });
    const search = await clinical.request<{ notifications: Array<{ status: string }> }>(
      'POST',
      '/v1/notifications/search',
      {
        patientId,
      },
    );
    expect(search.body.notifications.map((n) => n.status)).toEqual(['SENT']);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });

  it('lets records staff mark a due notification not required, with the reason', async () => {
    // Prepare
    const patientId = await patientOwedANotification(demo.clinical());
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-records');
    await goTo(page, 'Notifications', 'Notifications');
    const row = page.getByRole('row').filter({ hasText: patientId });
    await row.waitFor();
    // Act
    await row.getByLabel('Reason').selectOption('DISPROPORTIONATE_EFFORT');
    await row.getByRole('button', { name: 'Mark not required for ins-acme-health' }).click();
    // Assess
    await row.waitFor({ state: 'detached' });
    const search = await demo
      .clinical()
      .request<{ notifications: Array<{ status: string; reasonCode?: string }> }>('POST', '/v1/notifications/search', {
        patientId,
      });
    expect(search.body.notifications).toMatchObject([
      { status: 'NOT_REQUIRED', reasonCode: 'DISPROPORTIONATE_EFFORT' },
    ]);
    expect(problems).toEqual([]);
  });
});
