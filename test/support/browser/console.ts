/**
 * TESTS ONLY. Driving the console in real headless Chromium against the suite's local stack:
 * opening it, signing in with a demo key file, checking a page with axe-core, and writing
 * screenshots to a git-ignored folder (`npm run screenshots` copies them to docs/console/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { stack } from '../stack.ts';
import { SCREENSHOTS_DIR } from './screenshots-dirs.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsolePage {
  readonly page: Page;
  /** Script errors and CSP violations seen so far: a test expects none. */
  readonly problems: string[];
}

export async function openConsole(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  await page.goto(`${stack().url}/console/`);
  return { page, problems };
}

export async function signInWithKeyFile(page: Page, clientId: string): Promise<void> {
  await page
    .getByLabel('Demo key file', { exact: true })
    .setInputFiles(join(stack().keysDir, `${clientId}.private.jwk.json`));
  await page.getByRole('button', { name: 'Sign in with key file' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

export async function goTo(page: Page, link: string, heading: string | RegExp): Promise<void> {
  const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
  await links.first().waitFor();
  // The console shows a page only when its probe succeeds: a missing link fails here, not in a timeout.
  expect(await links.allTextContents(), `the navigation offers ${link}`).toContain(link);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it is. Evaluated through the DevTools protocol,
 * which the page's CSP does not govern, so the console's own CSP stays as strict as it ships.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: it runs in the page, whose DOM the test's own types do not describe.
  const violations = await page.evaluate<string[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(' | ')))`);
  expect(violations).toEqual([]);
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Nothing wider than the viewport: no sideways scrolling of the page at 320 px. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** The viewport, or with `fullPage` the whole page (a page whose point is below the fold). */
export async function screenshot(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage });
}
