/**
 * `npm run soak [-- --requests 10000 --concurrency 8 --processes 3 --kill-every-s 20 --budget-s 1500]`:
 * the full randomised fault soak against a fresh local stack (in memory) served by several API
 * processes (one SIGKILLed now and then), then the offline verifier's checks. SOAK_SEED
 * replays a run's workload. Exits 0 only if every promise held. All traffic stays on 127.0.0.1.
 */
import { parseArgs } from 'node:util';
import { soakSeed } from './random.ts';
import { runSoak } from './soak.ts';
import { startSoakStack } from './soak-stack.ts';
import { formatSoak, soakPassed } from './summary.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    patients: { type: 'string', default: '40' },
    'budget-s': { type: 'string', default: '1500' },
    processes: { type: 'string', default: '3' },
    'kill-every-s': { type: 'string', default: '20' },
  },
});
const seed = soakSeed();
console.log(`soak: seed ${seed}, ${values.requests} requests, concurrency ${values.concurrency}`);
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'CRITICAL';
const stack = await startSoakStack({ seed, processes: Number(values.processes) });
const killEvery = Number(values['kill-every-s']) * 1000;
let passed: boolean;
try {
  const result = await runSoak(stack, {
    seed,
    requests: Number(values.requests),
    concurrency: Number(values.concurrency),
    patients: Number(values.patients),
    budgetMs: Number(values['budget-s']) * 1000,
    ...(killEvery > 0 ? { killEveryMs: [killEvery / 2, killEvery * 1.5] as const } : {}),
  });
  console.log(formatSoak(result, seed));
  passed = soakPassed(result);
} finally {
  await stack.close();
}
process.exit(passed ? 0 : 1);
