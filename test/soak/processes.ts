/**
 * TESTS ONLY. Several gatekeeper API processes (infra/local/serve.ts) sharing one local stack's
 * DynamoDB (through the fault proxy) and KMS endpoint, as several Lambda instances share AWS: each
 * has its own audit append queue, caches and SDK clients, so a race between instances cannot hide
 * inside one process. A process can be killed with SIGKILL at any moment (mid-request, between
 * the steps of a decision) and is then replaced on the same port, as Lambda replaces an instance.
 * Everything the processes print is kept (for the log-safety scan), never shown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const SERVE = resolve(import.meta.dirname, '../../infra/local/serve.ts');
const START_TIMEOUT_MS = 60_000;
/** Output kept per pool; a soak's processes log little (503s at ERROR), this only bounds memory. */
const MAX_OUTPUT_CHUNKS = 200_000;

export interface GatekeeperProcesses {
  readonly urls: readonly string[];
  /** SIGKILLs process `i` and starts its replacement on the same port; resolves once it listens. */
  killAndReplace(i: number): Promise<void>;
  readonly kills: number;
  /** Everything the processes wrote to stdout and stderr. */
  output(): readonly string[];
  close(): Promise<void>;
}

export async function startGatekeeperProcesses(
  count: number,
  environment: Readonly<Record<string, string>>,
): Promise<GatekeeperProcesses> {
  const output: string[] = [];
  const started = await Promise.all(Array.from({ length: count }, () => startOne(environment, 0, output)));
  const children: ChildProcess[] = started.map(({ child }) => child);
  const urls = started.map(({ url }) => url);
  let kills = 0;
  return {
    urls,
    get kills() {
      return kills;
    },
    killAndReplace: async (i) => {
      const victim = children[i]!;
      const exited = new Promise((resolveExit) => victim.once('exit', resolveExit));
      victim.kill('SIGKILL');
      await exited;
      kills += 1;
      children[i] = (await startOne(environment, Number(new URL(urls[i]!).port), output)).child;
    },
    output: () => output,
    close: async () => {
      await Promise.all(children.map((child) => stop(child)));
    },
  };
}

function startOne(
  environment: Readonly<Record<string, string>>,
  port: number,
  output: string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SERVE], {
    env: { ...process.env, ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT_CHUNKS) output.push(chunk.toString('utf8'));
  };
  child.stderr.on('data', keep);
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('a gatekeeper process did not start in time'));
    }, START_TIMEOUT_MS);
    let first = '';
    const onData = (chunk: Buffer) => {
      first += chunk.toString('utf8');
      const line = first.split('\n')[0]!;
      if (!first.includes('\n')) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.on('data', keep);
      keep(Buffer.from(first.slice(line.length + 1)));
      resolveStart({ child, url: (JSON.parse(line) as { url: string }).url });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`a gatekeeper process exited (${code}) before it listened`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

export interface ProcessKiller {
  stop(): Promise<number>;
}

/** Kills a random process of the pool every `everyMs` (seeded) until stopped; answers how many it killed. */
export function startProcessKiller(
  pool: GatekeeperProcesses,
  pick: (count: number) => number,
  everyMs: readonly [number, number],
  delay: (range: readonly [number, number]) => number,
): ProcessKiller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const kill = () => {
    if (stopped) return;
    inFlight = pool
      .killAndReplace(pick(pool.urls.length))
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(kill, delay(everyMs));
      });
  };
  timer = setTimeout(kill, delay(everyMs));
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return pool.kills;
    },
  };
}
