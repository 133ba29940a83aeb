/**
 * `npm run bench` — measures, prints, never asserts a target. Flags:
 *   --quick            small N everywhere (shape check, about a minute)
 *   --only <a,b>       run only these suites (signing, audit, decisions, phin, verify, bundles, console, trips)
 *   --markdown         print the tables as the markdown of docs/benchmarks.md (progress stays on stderr)
 * Figures compared against a baseline are always taken in the same run, on the same machine.
 */
import { parseArgs } from 'node:util';
import { auditSuite, verificationSuite } from './audit.ts';
import { bundlesSuite } from './bundles.ts';
import { decisionsSuite } from './decisions.ts';
import { phinSuite } from './phin.ts';
import { signingSuite } from './signing.ts';
import { consoleSuite } from './console.ts';
import { roundTripsSuite } from './round-trips.ts';
import { createContext, type Mode, type Suite } from './lib/context.ts';
import { describeMachine, machineLine } from './lib/machine.ts';
import { renderMarkdown, renderText, type Table } from './lib/table.ts';
import { nowMs } from './lib/stats.ts';

export const SUITES: readonly Suite[] = [
  signingSuite,
  auditSuite,
  decisionsSuite,
  phinSuite,
  verificationSuite,
  bundlesSuite,
  consoleSuite,
  roundTripsSuite,
];

export interface BenchOptions {
  readonly mode: Mode;
  readonly only?: readonly string[];
  readonly markdown: boolean;
  readonly argv: readonly string[];
  /** No progress lines on stderr (the smoke test). */
  readonly quiet?: boolean;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      markdown: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = only?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(`Unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  return { mode: values.quick ? 'quick' : 'full', markdown: values.markdown, argv, ...(only ? { only } : {}) };
}

export async function runBench(
  options: BenchOptions,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<Table[]> {
  const machine = describeMachine();
  const command = ['npm run bench', ...(options.argv.length > 0 ? ['--', ...options.argv] : [])].join(' ');
  const suites = SUITES.filter((suite) => !options.only || options.only.includes(suite.name));
  if (options.markdown) {
    write(`**Machine:** ${machineLine(machine)}  \n**Command:** \`${command}\` (${options.mode} parameters)\n\n`);
  } else {
    write(`Gatekeeper bench · ${options.mode}\nMachine: ${machineLine(machine)}\nCommand: ${command}\n\n`);
  }
  const context = createContext(options.mode, { quiet: options.quiet ?? false });
  const status = (text: string) => {
    if (!options.quiet) process.stderr.write(text);
  };
  const all: Table[] = [];
  const started = nowMs();
  try {
    for (const suite of suites) {
      status(`▶ ${suite.name}: ${suite.summary}\n`);
      const suiteStarted = nowMs();
      const tables = await suite.run(context);
      status(`  ${suite.name} took ${Math.round((nowMs() - suiteStarted) / 1000)} s\n`);
      if (options.markdown) write(`## ${suite.name}\n\n`);
      for (const table of tables) write(options.markdown ? `${renderMarkdown(table)}\n` : `${renderText(table)}\n`);
      all.push(...tables);
    }
  } finally {
    await context.close();
  }
  status(`Total ${Math.round((nowMs() - started) / 1000)} s\n`);
  return all;
}

if (import.meta.main) {
  try {
    await runBench(parseOptions(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
