/**
 * Issue 15: what each function ships and what loading it costs. Every function is bundled with the
 * options `cdk deploy` uses (FUNCTION_BUNDLING), its minified index.mjs measured and split by origin
 * (esbuild metafile: zod, the AWS SDK, our own code), and imported by fresh Node processes with a
 * configuration, as a cold start imports it. Next to them, in the same run: an empty module (Node's
 * own floor) and the bundle floor (bundle-floor.ts: the SDK clients, zod, middy and Powertools, none of our code),
 * bundled the same way and also with the SDK left to node_modules, as Lambda's runtime would provide it.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { esbuildOptionsOf } from '../infra/constructs/esbuild-options.ts';
import { FUNCTION_BUNDLING } from '../infra/constructs/gatekeeper-function.ts';
import { FUNCTION_ENTRIES, type FunctionId } from '../infra/routes.ts';
import { importRow } from './lib/cold-import.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const FLOOR_ENTRY = 'bench/bundle-floor.ts';
/** What Lambda's nodejs24.x runtime ships (SDK v3 and the packages it is built from). */
const RUNTIME_SDK = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];

export const bundlesSuite: Suite = {
  name: 'bundles',
  summary:
    'each function bundled as deployed: minified size by origin, and import time next to the floor of the fixed choices (SDK, zod, middy, Powertools)',
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

const kb = (bytes: number): string => fmt(bytes / 1024);

interface Bundled {
  readonly file: string;
  /** KB of the whole file, then of zod, the SDK and our own code in it. */
  readonly sizes: readonly string[];
}

/** Bundles `entry` as deployed (plus `extra`) into `dir`/index.mjs; the file and its size columns. */
async function bundled(dir: string, entry: string, extra: BuildOptions = {}): Promise<Bundled> {
  const outfile = join(dir, 'index.mjs');
  const result = await build({
    ...esbuildOptionsOf(FUNCTION_BUNDLING),
    ...extra,
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, entry)],
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const origin = bytesByOrigin(result.metafile, 'index.mjs');
  const sdk = extra.external === undefined ? kb(origin.sdk) : 'external';
  return { file: outfile, sizes: [kb(statSync(outfile).size), kb(origin.zod), sdk, kb(origin.own)] };
}

/** The floor's bundle with the SDK external, resolved from the repository's node_modules (the lockfile's SDK, unbundled). */
async function floorWithSdkExternal(outdir: string): Promise<Bundled> {
  const dir = join(outdir, 'floor-sdk-external');
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return bundled(dir, FLOOR_ENTRY, { external: RUNTIME_SDK });
}

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
    context.progress(
      `bundles: the floor (SDK clients, zod, middy, Powertools), bundled and with the SDK from node_modules`,
    );
    const floor = await bundled(join(outdir, 'floor'), FLOOR_ENTRY);
    rows.push(await importRow('floor: DynamoDB + KMS clients, zod, middy, Powertools', floor.file, runs, floor.sizes));
    const external = await floorWithSdkExternal(outdir);
    rows.push(await importRow('floor, SDK from node_modules', external.file, runs, external.sizes));
    for (const functionId of functions) {
      context.progress(`bundles: ${functionId} (esbuild as deployed, then ${runs} cold imports)`);
      const { file, sizes } = await bundled(join(outdir, functionId), FUNCTION_ENTRIES[functionId]);
      rows.push(await importRow(functionId, file, runs, sizes));
    }
    return {
      title: 'bundles · index.mjs as deployed (minified) and its cold import',
      columns: ['function', 'KB', 'zod KB', 'AWS SDK KB', 'own code KB', 'n', 'import p50 ms', 'import CPU p50 ms'],
      rows,
      note: 'esbuild with the options cdk deploy uses (FUNCTION_BUNDLING, the SDK bundled); KB by origin from the metafile (the rest is other dependencies and the runtime shim). The floor (bench/bundle-floor.ts) builds the clients the heaviest function builds (DynamoDB document client, KMS), parses one small zod object and wraps an empty handler in middy with Powertools\' logger and metrics, nothing else of ours: no function goes below it while the SDK is bundled and zod, middy and Powertools are used (fixed choices); "SDK from node_modules" is the same floor with @aws-sdk, @smithy and @aws-crypto left external and loaded unbundled, as the SDK Lambda\'s runtime ships would be. Import: a fresh Node process per sample with a configuration that parses and the runtime environment as deployed, up to the handler being ready (configuration parsed, clients built, policy loaded); CPU counts every thread of the process, so it is steadier than wall time on a busy machine.',
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
