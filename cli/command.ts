/** What every CLI command gets: injected so tests drive commands without a terminal or network. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly fetch: typeof globalThis.fetch;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage, printed on `--help` and on a usage error. */
  readonly usage: string;
  /** Resolves to the process exit code. */
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/** Exit codes: 0 ok, 1 the server said no (4xx/5xx), 2 usage error, 3 local failure (files, network). */
export const EXIT = Object.freeze({ ok: 0, rejected: 1, usage: 2, failure: 3 });

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
