import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalStack, LOCAL_AUDIENCE, type LocalStack } from '../../infra/local/stack.ts';
import { ensureTables, tableEnvironment } from '../../infra/local/tables.ts';
import { GatekeeperClient } from '../../shared/client/index.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import type { Table } from './table.ts';

/**
 * `full` is what docs/benchmarks.md publishes; `quick` is a shape check of the whole bench in
 * about a minute; `tiny` is the smoke test's (seconds, numbers meaningless).
 */
export type Mode = 'full' | 'quick' | 'tiny';

export interface SuiteContext {
  readonly mode: Mode;
  /** The local stack (DynamoDB Local, local KMS, demo seed, handlers over HTTP), started once on first use. */
  stack(): Promise<LocalStack>;
  /** Table names of a bench-only table set (same schemas as infra/tables.ts), created once per prefix. */
  benchTables(prefix: string): Promise<Record<string, string>>;
  /** A signed client for a demo seed client. */
  client(clientId: string): Promise<GatekeeperClient>;
  /** A demo seed client's identity and private key, to sign with directly. */
  clientKey(clientId: string): Promise<{ clientId: string; org: string; privateJwk: ClientPrivateJwk }>;
  /** Progress on stderr, so stdout stays the tables (and clean markdown with --markdown). */
  progress(message: string): void;
}

export interface Suite {
  readonly name: string;
  /** The issue the suite answers and what it compares, one line. */
  readonly summary: string;
  run(context: SuiteContext): Promise<Table[]>;
}

export interface OwnedContext extends SuiteContext {
  close(): Promise<void>;
}

export function createContext(mode: Mode, options: { quiet?: boolean } = {}): OwnedContext {
  let stack: Promise<LocalStack> | undefined;
  const tables = new Map<string, Promise<Record<string, string>>>();
  const started = Date.now();
  const context: OwnedContext = {
    mode,
    stack: () => {
      stack ??= startLocalStack({});
      return stack;
    },
    benchTables: (prefix) => {
      let created = tables.get(prefix);
      if (!created) {
        created = context.stack().then(async () => {
          const dynamo = new DynamoDBClient({});
          try {
            await ensureTables(dynamo, prefix);
          } finally {
            dynamo.destroy();
          }
          return tableEnvironment(prefix);
        });
        tables.set(prefix, created);
      }
      return created;
    },
    clientKey: async (clientId) => {
      const { keysDir } = await context.stack();
      const privateJwk = JSON.parse(
        readFileSync(join(keysDir, `${clientId}.private.jwk.json`), 'utf8'),
      ) as ClientPrivateJwk;
      return { clientId, org: 'demo', privateJwk };
    },
    client: async (clientId) => {
      const { url } = await context.stack();
      const key = await context.clientKey(clientId);
      return new GatekeeperClient({ baseUrl: url, audience: LOCAL_AUDIENCE, ...key });
    },
    progress: (message) => {
      if (!options.quiet)
        process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s · ${message}\n`);
    },
    close: async () => {
      if (stack) await (await stack).close();
    },
  };
  return context;
}

/** Picks the parameter set of the mode. */
export function byMode<T>(mode: Mode, values: Record<Mode, T>): T {
  return values[mode];
}
