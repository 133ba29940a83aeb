/**
 * Issue 16: the console's cost to the person opening it. The bundle esbuild serves (raw and
 * gzipped, as a CDN or browser would fetch it), and the time from opening the console, already
 * signed in, to the Overview's first render with its charts of the last 30 days, on the demo data,
 * in real headless Chromium.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '../infra/console/build.ts';
import { launchBrowser } from '../test/support/browser/launch.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt, nowMs, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

export const consoleSuite: Suite = {
  name: 'console',
  summary: 'the console bundle size (raw, gzip) and time to first render of the Overview on demo data, in Chromium',
  async run(context) {
    const bundle = await bundleTable();
    const decisions = byMode(context.mode, { full: 300, quick: 60, tiny: 3 });
    const renders = byMode(context.mode, { full: 20, quick: 5, tiny: 2 });
    return [bundle, await firstRenderTable(context, decisions, renders)];
  },
};

async function bundleTable(): Promise<Table> {
  const assets = await buildConsole();
  const rows = [...assets].map(([name, asset]) => [
    name === '' ? 'index.html' : name,
    String(asset.body.byteLength),
    String(gzipSync(asset.body).byteLength),
  ]);
  const total = [...assets.values()].reduce((sum, asset) => sum + asset.body.byteLength, 0);
  const gzipped = [...assets.values()].reduce((sum, asset) => sum + gzipSync(asset.body).byteLength, 0);
  return {
    title: 'console · bundle',
    columns: ['file', 'bytes', 'gzip bytes'],
    rows: [...rows, ['total', String(total), String(gzipped)]],
    note: 'esbuild, minified, one ES module; no framework, no third-party runtime code beyond what the bundle shows.',
  };
}

async function seedDecisions(context: SuiteContext, count: number): Promise<void> {
  const clinical = await context.client('demo-clinical');
  const { request } = await import('../test/unit/policy/fixtures.ts');
  const run = Date.now().toString(36);
  for (let i = 0; i < count; i += 1) {
    const patientId = `bench-console-${run}-${i}`;
    await clinical.request('PUT', `/v1/patients/${patientId}`, {
      identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }],
      registeredGpOds: 'Y01234',
    });
    await clinical.request('PUT', `/v1/patients/${patientId}/ndop`, {
      status: 'NOT_OPTED_OUT',
      checkedAt: new Date().toISOString(),
    });
    const base = request({ requestId: `${patientId}-r`, patientId });
    await clinical.request('POST', '/v1/disclosures', {
      ...base,
      payload: { ...base.payload, patient: { ...base.payload.patient, localId: patientId } },
    });
  }
}

async function firstRenderTable(context: SuiteContext, decisions: number, renders: number): Promise<Table> {
  const stack = await context.stack();
  context.progress(`console: ${decisions} decisions for the overview`);
  await seedDecisions(context, decisions);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/console/`);
    await page
      .getByLabel('Demo key file', { exact: true })
      .setInputFiles(join(stack.keysDir, 'demo-auditor.private.jwk.json'));
    await page.getByRole('button', { name: 'Sign in with key file' }).click();
    await page.getByTestId('decision-count').waitFor();
    const samples: number[] = [];
    for (let i = 0; i < renders; i += 1) {
      context.progress(`console: first render ${i + 1}/${renders}`);
      const started = nowMs();
      await page.reload();
      await page.getByTestId('decision-count').waitFor();
      samples.push(nowMs() - started);
    }
    const shown = (await page.getByTestId('decision-count').textContent()) ?? '';
    const summary = summarise(samples);
    return {
      title: 'console · time to first render of the Overview',
      columns: ['renders', 'decisions charted', 'p50 ms', 'p90 ms', 'max ms'],
      rows: [[String(renders), shown.match(/\d+/)?.[0] ?? '', fmt(summary.p50), fmt(summary.p90), fmt(summary.max)]],
      note: 'From reload to the Overview charts drawn: page, bundle, key from IndexedDB, seven signed scope probes (five pages and writes, two reviewer roles), the audit searches of the last 30 days (every one itself logged), the open reviews and due notifications counted, and the checkpoints, over HTTP to the local stack.',
    };
  } finally {
    await browser.close();
  }
}
