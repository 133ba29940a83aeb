/**
 * `npm run load [-- --total 3000 --concurrency 8 --max-s 120 --seed 7]`: an HTTP load test of the
 * local gatekeeper (a fresh in-memory stack, no faults) from a separate process on loopback, with
 * the soak's realistic mix (disclosures of every flow and batches, records writes and reads,
 * subject access, audit reads). Reports throughput, p50/p95/p99 and the error rate next to the raw
 * DynamoDB Local baseline (a Query and a TransactWriteItems per operation), measured by the same
 * process in the same run. Bounded by count and by time; measures, never asserts.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack } from '../../infra/local/stack.ts';
import { describeMachine, machineLine } from '../lib/machine.ts';
import { fmt, perSecond } from '../lib/stats.ts';

interface Measured {
  readonly samples: number[];
  readonly wallMs: number;
}
interface GeneratorResult {
  readonly gatekeeper: Measured & { readonly statuses: Record<string, number>; readonly kinds: Record<string, number> };
  readonly baseline: Measured;
}

const { values } = parseArgs({
  options: {
    total: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    'max-s': { type: 'string', default: '120' },
    seed: { type: 'string', default: '7' },
  },
});
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'CRITICAL';
const stack = await startLocalStack({});
let result: GeneratorResult;
try {
  result = await runGenerator(
    {
      LOAD_URL: stack.url,
      LOAD_KEYS_DIR: stack.keysDir,
      LOAD_DYNAMODB: stack.dynamoDbEndpoint,
      LOAD_TOTAL: values.total,
      LOAD_CONCURRENCY: values.concurrency,
      LOAD_MAX_MS: String(Number(values['max-s']) * 1000),
      LOAD_SEED: values.seed,
    },
    (Number(values['max-s']) * 2 + 120) * 1000,
  );
} finally {
  await stack.close();
}
const { gatekeeper, baseline } = result;
const total = gatekeeper.samples.length;
const errors = Object.entries(gatekeeper.statuses)
  .filter(([status]) => status === 'network' || Number(status) >= 500)
  .reduce((sum, [, n]) => sum + n, 0);
console.log(`load: ${machineLine(describeMachine())}; concurrency ${values.concurrency}, seed ${values.seed}`);
console.log('| what | n | throughput /s | p50 ms | p95 ms | p99 ms | error rate |');
console.log('|---|---|---|---|---|---|---|');
console.log(row('gatekeeper, mixed HTTP workload', gatekeeper, `${fmt((100 * errors) / Math.max(1, total))} %`));
console.log(row('DynamoDB Local, Query + TransactWriteItems', baseline, '–'));
console.log(`statuses: ${JSON.stringify(gatekeeper.statuses)}`);
console.log(`mix: ${JSON.stringify(gatekeeper.kinds)}`);

function row(name: string, measured: Measured, errorRate: string): string {
  const sorted = [...measured.samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return `| ${name} | ${sorted.length} | ${fmt(perSecond(sorted.length, measured.wallMs))} | ${fmt(at(50))} | ${fmt(at(95))} | ${fmt(at(99))} | ${errorRate} |`;
}

function runGenerator(environment: Record<string, string>, timeoutMs: number): Promise<GeneratorResult> {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, 'generator.ts')], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolveRun(JSON.parse(line) as GeneratorResult);
      else reject(new Error(`the load generator failed (${code})`));
    });
  });
}
