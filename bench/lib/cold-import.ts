/**
 * One cold import of an ES module, as a Lambda cold start imports a function's bundle: a fresh Node
 * process with a configuration that parses and the functions' runtime environment, timed from
 * before `import()` to the module evaluated (configuration parsed, clients built, packs loaded).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RUNTIME_ENVIRONMENT } from '../../infra/constructs/gatekeeper-function.ts';
import { ENV } from '../../shared/config/environment.ts';
import { fmt, summarise } from './stats.ts';

const run = promisify(execFile);

/** A configuration that parses (names only; nothing is called at import). */
export const IMPORT_ENVIRONMENT: Readonly<Record<string, string>> = {
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

export interface ImportCost {
  readonly wallMs: number;
  /** CPU of every thread of the process during the import: the steadier figure on a busy machine. */
  readonly cpuMs: number;
}

/** Wall and CPU milliseconds of one `import()` of the module in a fresh Node process. */
export async function importCost(file: string): Promise<ImportCost> {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: IMPORT_ENVIRONMENT,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as ImportCost;
}

/** A table row: what was imported, its size columns, then n and the p50 of wall and CPU time. */
export async function importRow(what: string, file: string, runs: number, sizes: readonly string[]): Promise<string[]> {
  const samples: ImportCost[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await importCost(file));
  const wall = summarise(samples.map((sample) => sample.wallMs));
  const cpu = summarise(samples.map((sample) => sample.cpuMs));
  return [what, ...sizes, String(wall.n), fmt(wall.p50), fmt(cpu.p50)];
}
