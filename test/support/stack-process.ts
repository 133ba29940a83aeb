/**
 * TESTS ONLY. A local stack in a child process (stack-process-main.ts), for tests that restart
 * the gatekeeper with another configuration on the same state (DynamoDB data, KMS keys, archive).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalStackOptions } from '../../infra/local/stack.ts';

export interface StackProcess {
  readonly url: string;
  readonly keysDir: string;
  readonly environment: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startStackProcess(options: LocalStackOptions & { stateDir: string }): Promise<StackProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'stack-process-main.ts'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(([code]) => {
      throw new Error(`The stack process exited (${String(code)}) before it was ready`);
    }),
  ]);
  const ready = JSON.parse(first) as Omit<StackProcess, 'stop'>;
  return {
    ...ready,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
