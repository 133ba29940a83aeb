/**
 * TESTS ONLY. The `gatekeeper` CLI run in-process against the running local stack, signing as one of
 * the demo clients with its key from the stack's key folder, its output captured line by line.
 */
import { join } from 'node:path';
import { COMMANDS } from '../../cli/commands/index.ts';
import type { CliIo } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { stack } from './stack.ts';

export interface StackCli {
  readonly out: string[];
  readonly err: string[];
  /** Runs `gatekeeper <args>` signed as `client` (the harness's default unless given); the exit code. */
  run(args: readonly string[], client?: string): Promise<number>;
  /** Runs `gatekeeper <args>` with no client or key (`--help`, usage errors); the exit code. */
  runUnsigned(args: readonly string[]): Promise<number>;
  /** The last line written to standard output, parsed as JSON (the `--json` and records outputs). */
  last(): Record<string, unknown>;
  /** Everything written to standard output so far, one line per line. */
  text(): string;
}

export function stackCli(options: { readonly client: string; readonly org?: string }): StackCli {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { GATEKEEPER_URL: stack().url, ...(options.org ? { GATEKEEPER_ORG: options.org } : {}) },
    cwd: process.cwd(),
    fetch: globalThis.fetch,
  };
  const keyArgs = (client: string) => [
    '--client',
    client,
    '--key',
    join(stack().keysDir, `${client}.private.jwk.json`),
  ];
  return {
    out,
    err,
    run: (args, client = options.client) => main([...args, ...keyArgs(client)], io, COMMANDS),
    runUnsigned: (args) => main([...args], io, COMMANDS),
    last: () => JSON.parse(out.at(-1) ?? 'null') as Record<string, unknown>,
    text: () => out.join('\n'),
  };
}
