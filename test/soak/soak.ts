/**
 * TESTS ONLY. One soak run: set up patients with the faults off, run the mixed workload from
 * several clients with DynamoDB and KMS faults on, turn the faults off and settle every
 * indeterminate operation by retrying it, sign checkpoints, then check every promise with the
 * offline verifier (checks.ts). Bounded in count and in time; the seed replays the workload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatekeeperClient, generateClientKey, publicJwkOf } from '../../shared/client/index.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import { ApiAuditSource } from '../../shared/audit/api-source.ts';
import type { VerificationFailure } from '../../shared/audit/verifier-types.ts';
import { checkSoak, type SoakFindings } from './checks.ts';
import { runOperations, settle, type OpRecord, type SoakClient } from './driver.ts';
import type { DynamoFaultRates } from './dynamodb-faults.ts';
import { startKmsChaos } from './kms-chaos.ts';
import { startLogMonitor } from './monitor.ts';
import { startProcessKiller } from './processes.ts';
import { SeededRandom } from './random.ts';
import type { SoakStack } from './soak-stack.ts';
import { Workload } from './workload.ts';

export interface SoakOptions {
  readonly requests: number;
  readonly seed: number;
  readonly patients?: number;
  readonly concurrency?: number;
  /** The whole run (setup, load, settle) stops drawing work after this many ms. */
  readonly budgetMs: number;
  readonly dynamoRates?: DynamoFaultRates;
  /** With several API processes: SIGKILL one at random every [min, max] ms (it is replaced). */
  readonly killEveryMs?: readonly [number, number];
}

export interface SoakResult {
  readonly records: readonly OpRecord[];
  readonly findings: SoakFindings;
  /** The auditor that watched the checkpoints during the run. */
  readonly monitor: {
    readonly rounds: number;
    readonly consistencyProofs: number;
    readonly failures: readonly VerificationFailure[];
  };
  readonly faults: Record<string, number>;
  readonly seconds: number;
}

export const DEFAULT_DYNAMO_RATES: DynamoFaultRates = {
  throttle: 0.01,
  unavailable: 0.006,
  conflict: 0.008,
  dropBefore: 0.004,
  commitThenError: 0.005,
  commitThenDrop: 0.003,
};
/** Each request signs for up to this long; a hung answer is then indeterminate, not a stuck run. */
const REQUEST_TIMEOUT_MS = 20_000;

export async function runSoak(stack: SoakStack, options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const random = new SeededRandom(options.seed);
  const workload = new Workload(random, { patients: options.patients ?? 30, tag: `s${options.seed}` });
  const clients = await soakClients(stack, random);
  const concurrency = options.concurrency ?? 8;
  const knowOrigins = (record: OpRecord) => {
    const receipt = (record.body as { receipt?: { origin: string } } | undefined)?.receipt;
    if (receipt) workload.knowOrigin(receipt.origin);
  };
  const setupOps = workload.setup();
  const setup = await runOperations(() => setupOps.shift()!, setupOps.length, {
    clients,
    concurrency: 4,
    attempts: 5,
    deadline,
    onOk: knowOrigins,
  });
  if (setup.some((record) => record.outcome !== 'ok')) throw new Error('the soak setup failed with the faults off');

  const auditor = clients.auditor[0]!.client;
  const vkeys = [...(await new ApiAuditSource(auditor).publishedVkeys())];
  stack.dynamoFaults.setRates(options.dynamoRates ?? DEFAULT_DYNAMO_RATES);
  stack.isolation.setItemByItem(true);
  const chaos = startKmsChaos(stack, random);
  const monitor = startLogMonitor(clients.auditor[1]!.client, vkeys);
  const killer =
    stack.processes && options.killEveryMs
      ? startProcessKiller(
          stack.processes,
          (count) => random.int(0, count - 1),
          options.killEveryMs,
          ([min, max]) => random.int(min, max),
        )
      : undefined;
  let records: OpRecord[];
  let kills: number;
  try {
    records = await runOperations(() => workload.next(), options.requests, {
      clients,
      concurrency,
      attempts: 4,
      deadline,
      onOk: knowOrigins,
    });
  } finally {
    kills = (await killer?.stop()) ?? 0;
    await chaos.stop();
    stack.dynamoFaults.setRates({});
    stack.isolation.reset();
  }
  const watched = await monitor.stop();
  await settle(records, 6, { concurrency });
  await stack.runCheckpoints();
  const findings = await checkSoak(auditor, records, vkeys, watched.trusted);
  return {
    records,
    findings,
    monitor: { rounds: watched.rounds, consistencyProofs: watched.consistencyProofs, failures: watched.failures },
    faults: { ...stack.dynamoFaults.counts(), ...prefixed('kms.', chaos.counts()), processKills: kills },
    seconds: (Date.now() - started) / 1000,
  };
}

/** demo-clinical and demo-auditor, plus a second clinical system and auditor registered through the admin API. */
async function soakClients(
  stack: SoakStack,
  random: SeededRandom,
): Promise<Record<'clinical' | 'auditor', SoakClient[]>> {
  const demoKey = (clientId: string) =>
    JSON.parse(readFileSync(join(stack.keysDir, `${clientId}.private.jwk.json`), 'utf8')) as ClientPrivateJwk;
  const admin = connect(stack, 0, 'demo-admin', demoKey('demo-admin'));
  const registered = async (clientId: string, scopes: string[], lane: number): Promise<SoakClient> => {
    const { privateJwk } = await generateClientKey('ES256', `${clientId}-k1`);
    const response = await admin.client.request('PUT', `/v1/clients/${clientId}`, {
      name: 'Soak client',
      scopes,
      status: 'ACTIVE',
      keys: [publicJwkOf(privateJwk)],
    });
    if (response.status !== 200) throw new Error(`registering ${clientId} answered ${response.status}`);
    return connect(stack, lane, clientId, privateJwk);
  };
  const tag = random.int(1, 1e9).toString(36);
  return {
    clinical: [
      connect(stack, 0, 'demo-clinical', demoKey('demo-clinical')),
      await registered(`soak-epr-${tag}`, ['disclosure:check', 'records:write', 'records:read'], 1),
      await registered(`soak-phin-${tag}`, ['disclosure:check', 'records:write', 'records:read'], 2),
    ],
    auditor: [
      connect(stack, 0, 'demo-auditor', demoKey('demo-auditor')),
      await registered(`soak-audit-${tag}`, ['audit:read'], 1),
    ],
  };
}

/** A client of the `lane`-th gatekeeper endpoint (requests spread over every process there is). */
export function connect(stack: SoakStack, lane: number, clientId: string, privateJwk: ClientPrivateJwk): SoakClient {
  const baseUrl = stack.urls[lane % stack.urls.length]!;
  const timedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return {
    clientId,
    client: new GatekeeperClient({
      baseUrl,
      clientId,
      org: 'demo',
      audience: 'gatekeeper-local',
      privateJwk,
      fetch: timedFetch,
    }),
  };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [`${prefix}${key}`, value]));
}
