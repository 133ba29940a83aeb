/**
 * `npm run soak [-- --requests 10000 --concurrency 8 --budget-s 1500]`: the full randomised fault
 * soak against a fresh local stack (in memory), then the offline verifier's checks. SOAK_SEED
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
  },
});
const seed = soakSeed();
console.log(`soak: seed ${seed}, ${values.requests} requests, concurrency ${values.concurrency}`);
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'CRITICAL';
const stack = await startSoakStack({ seed });
let passed: boolean;
try {
  const result = await runSoak(stack, {
    seed, requests: Number(values.requests), concurrency: Number(values.concurrency), patients: Number(values.patients),
    budgetMs: Number(values['budget-s']) * 1000,
  });
  console.log(formatSoak(result, seed));
  passed = soakPassed(result);
} finally {
  await stack.close();
}
process.exit(passed ? 0 : 1);
