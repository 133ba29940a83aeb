/**
 * Counts the DynamoDB and KMS calls made in this process while a measurement runs (the handlers of
 * the local stack run in the bench's own process), by SDK command and table, so a suite can say
 * how many round trips one unit of work costs: a figure that does not depend on machine load.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';

export interface CallCounter {
  /** Calls counted so far, by `Command Table` (`TransactWrite` and KMS commands: the command alone). */
  readonly counts: ReadonlyMap<string, number>;
  /** Stops counting and puts the SDK's own `send` back. */
  stop(): void;
}

export function countSdkCalls(): CallCounter {
  const counts = new Map<string, number>();
  const stop = interceptSdkSends((command, send) => {
    const what = describe(command);
    counts.set(what, (counts.get(what) ?? 0) + 1);
    return send();
  });
  return { counts, stop };
}

/**
 * Runs `observe` around every `send` of the DynamoDB (plain and document) and KMS clients in this
 * process; `send` inside it is the SDK's own call. Returns what puts the SDK's own `send` back.
 */
export function interceptSdkSends(
  observe: (command: unknown, send: () => Promise<unknown>) => Promise<unknown>,
): () => void {
  const prototypes = [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype, KMSClient.prototype];
  const originals = prototypes.map((prototype) => Object.getOwnPropertyDescriptor(prototype, 'send'));
  for (const prototype of prototypes) {
    const inherited = (prototype as { send: (...args: unknown[]) => Promise<unknown> }).send;
    Object.defineProperty(prototype, 'send', {
      configurable: true,
      writable: true,
      value: function send(this: unknown, command: unknown, ...rest: unknown[]) {
        return observe(command, () => inherited.call(this, command, ...rest));
      },
    });
  }
  return () =>
    prototypes.forEach((prototype, i) => {
      const original = originals[i];
      if (original) Object.defineProperty(prototype, 'send', original);
      else delete (prototype as { send?: unknown }).send;
    });
}

/** `Registry` for `gk-bench-Registry`: a table's name without its deployment prefix. */
export function tableOf(name: unknown): string {
  return typeof name === 'string' ? name.replace(/^.*?-(?=[A-Z])/, '') : '?';
}

function describe(command: unknown): string {
  const name = (command as object).constructor.name.replace(/Command$/, '');
  const input = (command as { input?: Record<string, unknown> }).input ?? {};
  if (typeof input['TableName'] === 'string') return `${name} ${tableOf(input['TableName'])}`;
  return name;
}
