/**
 * The console in real headless Chromium against the local stack (console.md §3): served with its
 * security headers; a demo key-file sign-in; search; an entry verified in the browser; a tampered
 * entry, a tampered checkpoint and rewritten history each shown as not verified, naming what failed;
 * the whole-log verification with progress and cancel; axe-core and 320 px on each page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser/launch.ts';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  goTo,
  openConsole,
  screenshot,
  signInWithKeyFile,
  type ConsolePage,
} from '../../support/browser/console.ts';
import { preparePatient, requestFor } from '../../support/scenarios.ts';
import { demo, freshPatientId, stack } from '../../support/stack.ts';

let browser: Browser;
let patientId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  patientId = freshPatientId();
  const clinical = demo.clinical();
  await preparePatient(clinical, patientId);
  const answer = await clinical.request('POST', '/v1/disclosures', requestFor(patientId));
  expect(answer.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
});

async function auditorOnAuditLog(): Promise<ConsolePage> {
  const opened = await openConsole(browser);
  await signInWithKeyFile(opened.page, 'demo-auditor');
  await goTo(opened.page, 'Audit log', 'Audit log');
  await opened.page.getByRole('button', { name: 'Pin these keys' }).click();
  await opened.page.getByRole('button', { name: 'Pin these keys' }).waitFor({ state: 'detached' });
  return opened;
}

async function openPatientDecision(page: Page): Promise<void> {
  await page.getByLabel('Patient id').fill(patientId);
  const searched = page.waitForResponse(
    (response) =>
      response.url().endsWith('/v1/audit/search') && response.request().postData()?.includes(patientId) === true,
  );
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await searched;
  // The patient's own entries: registration, NDOP check and the one decision.
  await page.getByRole('heading', { name: '3 entries' }).waitFor();
  await page.getByRole('row').filter({ hasText: 'disclosure.decision' }).getByRole('button').click();
  await page.getByRole('heading', { name: /^Audit entry/, level: 1 }).waitFor();
}

async function verifyBadge(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Verify in this browser' }).click();
  const badge = page.getByTestId('verify-badge');
  await badge.filter({ hasText: /^(Verified|Not verified)/ }).waitFor();
  return (await badge.textContent()) ?? '';
}

describe('the console, served', () => {
  it('answers with a strict CSP, HSTS and no framing, and runs under it without a violation', async () => {
    // Act
    const response = await fetch(`${stack().url}/console/`);
    const { page, problems } = await openConsole(browser);
    await page.getByRole('heading', { name: 'Sign in to the Gatekeeper console' }).waitFor();
    // Assess
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(problems).toEqual([]);
    await expectNoAxeViolations(page);
    await screenshot(page, 'sign-in');
  });
});

describe('the audit log in the browser', () => {
  it('finds a decision, explains it and verifies it: leaf hash, signature, inclusion, consistency', async () => {
    // Prepare
    const { page, problems } = await auditorOnAuditLog();
    // Act
    await openPatientDecision(page);
    const badge = await verifyBadge(page);
    // Assess
    expect(badge).toBe('Verified');
    for (const check of ['Leaf hash', 'Checkpoint signature', 'Inclusion proof', 'Consistency with your last visit']) {
      await expect(page.getByRole('row').filter({ hasText: check }).textContent()).resolves.toContain('passed');
    }
    await expect(page.getByRole('table', { name: /Why/ }).textContent()).resolves.toContain('direct care');
    expect(problems).toEqual([]);
    await expectNoAxeViolations(page);
    await screenshot(page, 'audit-entry-verified');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
  });

  it('shows an entry altered on its way to the browser as not verified, naming the leaf hash', async () => {
    // Prepare: the search answer is rewritten in transit, as a compromised server would serve it.
    const { page } = await auditorOnAuditLog();
    await page.route('**/v1/audit/search', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { entries: Array<{ entry: { decision?: { outcome: string } } }> };
      for (const item of body.entries) if (item.entry.decision) item.entry.decision.outcome = 'DENY';
      await route.fulfill({ response, json: body });
    });
    // Act
    await openPatientDecision(page);
    const badge = await verifyBadge(page);
    // Assess
    expect(badge).toMatch(/^Not verified: .*Leaf hash/);
    await screenshot(page, 'audit-entry-tampered');
  });

  it('shows a checkpoint whose signature was altered as not verified, naming the signature', async () => {
    // Prepare
    const { page } = await auditorOnAuditLog();
    await openPatientDecision(page);
    await page.route('**/v1/audit/checkpoints', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { checkpoints: Array<{ note: string }> };
      for (const checkpoint of body.checkpoints) checkpoint.note = flipSignatureCharacter(checkpoint.note);
      await route.fulfill({ response, json: body });
    });
    // Act
    const badge = await verifyBadge(page);
    // Assess
    expect(badge).toBe('Not verified: Checkpoint signature failed');
  });

  it('shows a log that does not extend the checkpoint this browser saw before as not verified', async () => {
    // Prepare: this browser "saw" a one-entry tree with another root on an earlier visit.
    const { page } = await auditorOnAuditLog();
    await openPatientDecision(page);
    const origin = (await page.getByRole('definition').nth(2).textContent())!;
    await page.evaluate(rememberForgedCheckpoint(origin));
    // Act
    const badge = await verifyBadge(page);
    // Assess
    expect(badge).toBe('Not verified: Consistency with your last visit failed');
  });

  it('verifies a whole log with progress, and stops when cancelled', async () => {
    // Prepare
    const { page } = await auditorOnAuditLog();
    const status = page.getByTestId('log-verify-status');
    // Act: verify the org log through to the end.
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    await status.filter({ hasText: /^(Verified|Not verified)/ }).waitFor();
    // Assess
    await expect(status.textContent()).resolves.toMatch(/^Verified: all \d+ entries hash to the signed checkpoint/);
    // Act: again, with the entries slow to come, and cancel.
    await page.route('**/v1/audit/entries', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    await status.filter({ hasText: /^Checked/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel verification' }).click();
    // Assess
    await status.filter({ hasText: /^Cancelled/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Verify the whole log' }).isEnabled()).resolves.toBe(true);
  });
});

describe('the whole log, altered or rewritten', () => {
  it('is not verified when an entry was altered on its way to the browser', async () => {
    // Prepare: one entry's bytes changed in transit.
    const { page } = await auditorOnAuditLog();
    await page.route('**/v1/audit/entries', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { entries: string[] };
      body.entries[0] = `${body.entries[0]} `;
      await route.fulfill({ response, json: body });
    });
    const status = page.getByTestId('log-verify-status');
    // Act
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    await status.filter({ hasText: /^(Verified|Not verified)/ }).waitFor();
    // Assess
    await expect(status.textContent()).resolves.toBe(
      'Not verified: The entries do not hash to the signed root: the log was altered',
    );
  });

  it('is not verified when the signed log does not extend the checkpoint this browser saw before', async () => {
    // Prepare: this browser "saw" a one-entry tree of the chosen log with another root.
    const { page } = await auditorOnAuditLog();
    const origin = await page.getByLabel('Log', { exact: true }).inputValue();
    await page.evaluate(rememberForgedCheckpoint(origin));
    const status = page.getByTestId('log-verify-status');
    // Act
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    await status.filter({ hasText: /^(Verified|Not verified)/ }).waitFor();
    // Assess
    await expect(status.textContent()).resolves.toMatch(/^Not verified: .*history was rewritten/);
  });
});

describe('the keyboard alone', () => {
  it('reaches the audit log, searches, opens the decision and verifies it without a pointer', async () => {
    // Prepare: signed in (choosing a key file is the operating system's dialog).
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-auditor');
    // Act
    await tabTo(page, 'Audit log', 'Shift+Tab');
    await page.keyboard.press('Enter');
    const searchFor = async () => {
      await page.getByRole('heading', { name: /^\d+ entries$/ }).waitFor(); // the page's first search
      await tabTo(page, 'Patient id');
      await page.keyboard.type(patientId);
      await page.keyboard.press('Enter'); // submits the search form
      await page.getByRole('heading', { name: '3 entries' }).waitFor();
    };
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await searchFor();
    await tabTo(page, 'Pin these keys'); // after the three results
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Pin these keys' }).waitFor({ state: 'detached' });
    await searchFor();
    await tabTo(page, /^Open entry/); // newest first: the decision
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Audit entry/, level: 1 }).waitFor();
    await tabTo(page, 'Verify in this browser');
    await page.keyboard.press('Enter');
    // Assess
    const badge = page.getByTestId('verify-badge');
    await badge.filter({ hasText: /^(Verified|Not verified)/ }).waitFor();
    await expect(badge.textContent()).resolves.toBe('Verified');
    await expect(page.getByRole('heading', { name: 'Decision: ALLOW' }).count()).resolves.toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('exporting a search', () => {
  it('exports every matching entry with its receipt as a file, and stops when cancelled', async () => {
    // Prepare: the patient's three entries on the page.
    const { page } = await auditorOnAuditLog();
    await page.getByLabel('Patient id').fill(patientId);
    const searched = page.waitForResponse((response) => response.request().postData()?.includes(patientId) === true);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await searched;
    await page.getByRole('heading', { name: '3 entries' }).waitFor();
    // Act
    await page.getByRole('button', { name: 'Export all matching entries' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download 3 entries (JSON)' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      filters: Record<string, string>;
      entries: Array<{ entry: { type: string }; receipt: { leafHash: string } }>;
    };
    // Assess
    expect(exported.filters).toEqual({ patientId });
    expect(exported.entries.map((e) => e.entry.type).sort()).toEqual([
      'disclosure.decision',
      'record.ndop.checked',
      'record.patient.registered',
    ]);
    for (const item of exported.entries) expect(item.receipt.leafHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // Act: again, with the search slow to answer, and cancel.
    await page.route('**/v1/audit/search', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Export all matching entries' }).click();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    // Assess
    await page
      .getByTestId('export-status')
      .filter({ hasText: /^Export cancelled/ })
      .waitFor();
    await expect(page.getByRole('link', { name: /^Download/ }).count()).resolves.toBe(0);
  });
});

describe('every page for the auditor', () => {
  for (const [label, width] of [
    ['desktop', 1280],
    ['320 px', 320],
  ] as const) {
    it(`has no axe-core violation and fits the screen (${label})`, async () => {
      // Prepare
      const { page, problems } = await openConsole(browser, { width, height: 800 });
      await signInWithKeyFile(page, 'demo-auditor');
      for (const [link, heading, name] of [
        ['Overview', 'Overview', 'overview'],
        ['Audit log', 'Audit log', 'audit-log'],
        ['Policy', /^Policy pack/, 'policy'],
      ] as const) {
        // Act
        await goTo(page, link, heading);
        await page.getByText('Loading…').waitFor({ state: 'detached' });
        // Assess
        await expectNoAxeViolations(page);
        if (width === 320) await expectNoHorizontalScroll(page);
        await screenshot(page, width === 320 ? `${name}-320px` : name);
      }
      expect(problems).toEqual([]);
    });
  }
});

/** Presses `key` until the focused control is the one named, as a keyboard user would; fails after 60. */
async function tabTo(page: Page, name: string | RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const focusedName = `(() => {
    const e = document.activeElement;
    if (!e) return '';
    return (e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') || e.textContent || '').trim();
  })()`;
  const seen: string[] = [];
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press(key);
    const focused = await page.evaluate<string>(focusedName);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
    seen.push(focused.slice(0, 40));
  }
  throw new Error(`No focusable control named ${String(name)} by ${key}; focus went: ${seen.join(' → ')}`);
}

function flipSignatureCharacter(note: string): string {
  const lines = note.split('\n');
  const last = lines.length - 2; // the note ends with a newline
  const line = lines[last]!;
  const at = line.lastIndexOf(' ') + 12;
  lines[last] = `${line.slice(0, at)}${line[at] === 'A' ? 'B' : 'A'}${line.slice(at + 1)}`;
  return lines.join('\n');
}

/** Runs in the page (hence a string): IndexedDB's record of the last checkpoint seen of `origin`, forged. */
function rememberForgedCheckpoint(origin: string): string {
  return `new Promise((resolve, reject) => {
    const open = indexedDB.open('gatekeeper-console', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('seen', 'readwrite');
      tx.objectStore('seen').put({ size: 1, rootHash: btoa('x'.repeat(32)), seenAt: '2026-01-01T00:00:00Z' }, ${JSON.stringify(origin)});
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`;
}
