/**
 * The console's own sign-in and the patient page in headless Chromium (console.md §1, §2): a
 * browser makes a non-extractable key, the admin enrols it with `gatekeeper clients enrol` and the
 * code the person reads out (a wrong code registers nothing), then the person is signed in; the
 * subject access report printed as A4.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.ts';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { main } from '../../../cli/main.ts';
import { launchBrowser } from '../../support/browser/launch.ts';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  goTo,
  openConsole,
  screenshot,
  signInWithKeyFile,
} from '../../support/browser/console.ts';
import { preparePatient, requestFor } from '../../support/scenarios.ts';
import { demo, freshId, freshPatientId, stack } from '../../support/stack.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function adminCli() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { GATEKEEPER_URL: stack().url },
    cwd: process.cwd(),
    fetch: globalThis.fetch,
  };
  const key = ['--client', 'demo-admin', '--key', join(stack().keysDir, 'demo-admin.private.jwk.json')];
  return { out, err, run: (args: string[]) => main([...args, ...key], io, COMMANDS) };
}

describe('enrolling a browser key', () => {
  it('signs the person in once the admin enrolled the key with its code, and never lets the key out', async () => {
    // Prepare: the person asks this browser for a key.
    const person = freshId('c');
    const { page, problems } = await openConsole(browser);
    await page.getByLabel('Your client id').fill(person);
    await page.getByRole('button', { name: 'Create my key' }).click();
    const code = (await page.getByTestId('enrolment-code').textContent())!;
    const jwk = await page.getByTestId('public-jwk').inputValue();
    await expectNoAxeViolations(page);
    await screenshot(page, 'enrol');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    const cli = adminCli();
    const enrol = (withCode: string) =>
      cli.run([
        'clients',
        'enrol',
        '--person',
        person,
        '--code',
        withCode,
        '--jwk',
        jwk,
        '--role',
        'AUDITOR',
        '--scopes',
        'audit:read',
      ]);
    // Act: a misread code first, then the right one.
    const wrong = await enrol(code.replace(/^./, (c) => (c === 'Z' ? 'Y' : 'Z')));
    const right = await enrol(code.toLowerCase());
    await page.getByRole('button', { name: 'My admin has enrolled my key' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    // Assess
    expect(wrong).toBe(1);
    expect(cli.err.join('\n')).toContain('does not match');
    expect(right).toBe(0);
    await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Patient' }).count()).resolves.toBe(0);
    const extractable = await page.evaluate<boolean>(`new Promise((resolve, reject) => {
      const open = indexedDB.open('gatekeeper-console', 1);
      open.onsuccess = () => {
        const read = open.result.transaction('identity').objectStore('identity').get('current');
        read.onsuccess = () => resolve(read.result.privateKey.extractable);
        read.onerror = () => reject(read.error);
      };
    })`);
    expect(extractable).toBe(false);
    expect(problems).toEqual([]);
  });

  it('refuses, and says so, when the key is not enrolled yet, and keeps it for the admin to enrol', async () => {
    // Prepare
    const person = freshId('c');
    const { page } = await openConsole(browser);
    await page.getByLabel('Your client id').fill(person);
    await page.getByRole('button', { name: 'Create my key' }).click();
    const code = (await page.getByTestId('enrolment-code').textContent())!;
    const jwk = await page.getByTestId('public-jwk').inputValue();
    // Act: the person asks before the admin has enrolled the key.
    await page.getByRole('button', { name: 'My admin has enrolled my key' }).click();
    // Assess
    await page.getByRole('alert').filter({ hasText: 'ask your admin to enrol it' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link').count()).resolves.toBe(0);
    await expect(page.getByTestId('enrolment-code').textContent()).resolves.toBe(code);
    // Act: the admin enrols the code first shown; the person tries again, after a reload too.
    const cli = adminCli();
    const enrolled = await cli.run([
      ...['clients', 'enrol', '--person', person, '--code', code, '--jwk', jwk],
      ...['--role', 'RECORDS_STAFF', '--scopes', 'records:read'],
    ]);
    await page.reload();
    await page.getByRole('button', { name: 'My admin has enrolled my key' }).click();
    // Assess
    expect(enrolled, cli.err.join('\n')).toBe(0);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect(page.getByRole('link', { name: 'Patient' }).count()).resolves.toBe(1);
  });
});

describe('the patient page', () => {
  it("lists a patient's disclosures and prints them as a clean A4 report", async () => {
    // Prepare: a patient with one disclosure, and records staff (a demo PERSON client) signed in.
    const patientId = freshPatientId();
    const clinical = demo.clinical();
    await preparePatient(clinical, patientId);
    expect((await clinical.request('POST', '/v1/disclosures', requestFor(patientId))).status).toBe(200);
    const { page, problems } = await openConsole(browser);
    await signInWithKeyFile(page, 'demo-records');
    await goTo(page, 'Patient', 'Patient: subject access');
    await page.evaluate('window.print = () => { window.printed = (window.printed ?? 0) + 1; }');
    // Act
    await page.getByLabel('Patient id').fill(patientId);
    await page.getByRole('button', { name: 'Show disclosures' }).click();
    await page.getByRole('heading', { name: `Disclosures of the records of patient ${patientId}` }).waitFor();
    await page.getByRole('button', { name: 'Print the report' }).click();
    // Assess
    await expect(page.getByRole('table', { name: '1 disclosures' }).textContent()).resolves.toContain('Riverside');
    await expect(page.evaluate<number>('window.printed')).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'patient');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Pages' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Print the report' }).isVisible()).resolves.toBe(false);
    await screenshot(page, 'patient-report-print');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    // A4 (210 × 297 mm = 595.3 × 841.9 pt) from the print stylesheet's @page, not the default Letter.
    const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
    expect(pages.length).toBeGreaterThan(0);
    for (const [, width, height] of pages) {
      expect(Number(width)).toBeCloseTo(595.3, 0);
      expect(Number(height)).toBeCloseTo(841.9, 0);
    }
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });
});
