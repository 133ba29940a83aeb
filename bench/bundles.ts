/**
 * Issue 15: what each function ships and what loading it costs. Every function is bundled with the
 * options `cdk deploy` uses (FUNCTION_BUNDLING), its minified index.mjs measured and split by origin
 * (esbuild metafile: zod, the AWS SDK, our own code), and imported by fresh Node processes with a
 * configuration, as a cold start imports it, next to an empty module imported the same way in the
 * same run (Node's own floor).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptionsOf } from '../infra/constructs/esbuild-options.ts';
import { FUNCTION_BUNDLING, RUNTIME_ENVIRONMENT } from '../infra/constructs/gatekeeper-function.ts';
import { FUNCTION_ENTRIES, type FunctionId } from '../infra/routes.ts';
import { ENV } from '../shared/config/environment.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

export const bundlesSuite: Suite = {
  name: 'bundles',
  summary: 'each function bundled as deployed: minified size by origin, and import time next to an empty module',
  async run(context) {
    return [await bundleCost(context)];
  },
};

type Origin = 'zod' | 'sdk' | 'own' | 'other';

/** Minified bytes of the bundle by where the code came from. */
export function bytesByOrigin(metafile: Metafile, outfile: string): Record<Origin, number> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outfile))?.[1];
  const bytes: Record<Origin, number> = { zod: 0, sdk: 0, own: 0, other: 0 };
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) bytes[originOf(path)] += bytesInOutput;
  return bytes;
}

function originOf(path: string): Origin {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg === undefined) return /^(shared|functions)\//.test(path) ? 'own' : 'other';
  if (pkg === 'zod') return 'zod';
  return /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg) ? 'sdk' : 'other';
}

/** A configuration that parses (names only; nothing is called at import). */
const IMPORT_ENVIRONMENT: Readonly<Record<string, string>> = {
  TZ: ':UTC',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  [ENV.deployment]: 'bench.local',
  [ENV.audience]: 'https://bench.local',
  [ENV.tableRegistry]: 'bench-Registry',
  [ENV.tableReplay]: 'bench-Replay',
  [ENV.tableRecords]: 'bench-Records',
  [ENV.tableIdempotency]: 'bench-Idempotency',
  [ENV.tableAudit]: 'bench-AuditLog',
  [ENV.tableAuditHeads]: 'bench-AuditHeads',
  [ENV.keyPseudonymPhin]: 'alias/bench-phin',
  [ENV.keyPseudonymAudit]: 'alias/bench-audit',
  [ENV.keyCheckpoint]: 'alias/bench-checkpoint',
  [ENV.keyAuthorisation]: 'alias/bench-authorisation',
  [ENV.archiveBucket]: 'bench-archive',
  ...RUNTIME_ENVIRONMENT,
};

/** Wall and CPU milliseconds of one `import()` of the module in a fresh Node process. */
async function importCost(file: string): Promise<{ wallMs: number; cpuMs: number }> {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: IMPORT_ENVIRONMENT,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { wallMs: number; cpuMs: number };
}

async function importRow(what: string, file: string, runs: number, sizes: readonly string[]): Promise<string[]> {
  const samples: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let i = 0; i < runs; i += 1) samples.push(await importCost(file));
  const wall = summarise(samples.map((sample) => sample.wallMs));
  const cpu = summarise(samples.map((sample) => sample.cpuMs));
  return [what, ...sizes, String(wall.n), fmt(wall.p50), fmt(cpu.p50)];
}

const kb = (bytes: number): string => fmt(bytes / 1024);

export async function bundleCost(context: SuiteContext): Promise<Table> {
  const runs = byMode(context.mode, { full: 9, quick: 3, tiny: 1 });
  const functions = byMode(context.mode, {
    full: Object.keys(FUNCTION_ENTRIES) as FunctionId[],
    quick: Object.keys(FUNCTION_ENTRIES) as FunctionId[],
    tiny: ['public'] as FunctionId[],
  });
  const outdir = mkdtempSync(join(tmpdir(), 'gk-bench-bundles-'));
  try {
    const empty = join(outdir, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const rows = [await importRow('empty ES module (Node floor)', empty, runs, ['0', '–', '–', '–'])];
    for (const functionId of functions) {
      context.progress(`bundles: ${functionId} (esbuild as deployed, then ${runs} cold imports)`);
      const outfile = join(outdir, functionId, 'index.mjs');
      const result = await build({
        ...esbuildOptionsOf(FUNCTION_BUNDLING),
        absWorkingDir: REPO_ROOT,
        entryPoints: [join(REPO_ROOT, FUNCTION_ENTRIES[functionId])],
        outfile,
        metafile: true,
        logLevel: 'error',
      });
      const origin = bytesByOrigin(result.metafile, 'index.mjs');
      const sizes = [kb(statSync(outfile).size), kb(origin.zod), kb(origin.sdk), kb(origin.own)];
      rows.push(await importRow(functionId, outfile, runs, sizes));
    }
    return {
      title: 'bundles · index.mjs as deployed (minified) and its cold import',
      columns: ['function', 'KB', 'zod KB', 'AWS SDK KB', 'own code KB', 'n', 'import p50 ms', 'import CPU p50 ms'],
      rows,
      note: 'esbuild with the options cdk deploy uses (FUNCTION_BUNDLING, the SDK bundled); KB by origin from the metafile (the rest is other dependencies and the runtime shim). Import: a fresh Node process per sample with a configuration that parses and the runtime environment as deployed, up to the handler being ready (configuration parsed, clients built, policy loaded); CPU counts every thread of the process, so it is steadier than wall time on a busy machine.',
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
