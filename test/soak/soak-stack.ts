/**
 * TESTS ONLY. The local stack a soak runs against: DynamoDB Local behind the isolation model
 * (test/support/dynamodb-isolation-model.ts) behind the fault proxy (dynamodb-faults.ts), the local
 * KMS endpoint with its fault switches, the demo seed, and the real handlers behind HTTP. Every SDK
 * client of the stack (handlers, checkpoint timer, extra API processes) reaches DynamoDB through
 * the fault proxy.
 */
import type { FaultSpec } from '../../local-kms/faults.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { startIsolationModel, type IsolationModel } from '../support/dynamodb-isolation-model.ts';
import { startDynamoFaultProxy, type DynamoFaultProxy } from './dynamodb-faults.ts';
import { startGatekeeperProcesses, type GatekeeperProcesses } from './processes.ts';

export interface SoakStack {
  /** Gatekeeper HTTP endpoints the clients are spread over. */
  readonly urls: readonly string[];
  readonly keysDir: string;
  readonly dynamoFaults: DynamoFaultProxy;
  readonly isolation: IsolationModel;
  /** The API processes when the soak runs over several (absent: the stack's own in-process server). */
  readonly processes?: GatekeeperProcesses;
  kmsFault(spec: FaultSpec | null): void;
  /** Signs checkpoints for every log that grew (faults should be off). */
  runCheckpoints(): Promise<unknown>;
  close(): Promise<void>;
}

/** @param processes API processes to spread requests over (0: the in-process server only). */
export async function startSoakStack(options: {
  seed: number;
  processes?: number;
  onDynamoDbOutput?: (text: string) => void;
}): Promise<SoakStack> {
  let layers: { isolation: IsolationModel; faults: DynamoFaultProxy } | undefined;
  const stack: LocalStack = await startLocalStack({
    ...(options.onDynamoDbOutput ? { onDynamoDbOutput: options.onDynamoDbOutput } : {}),
    interposeDynamoDb: async (backend) => {
      const isolation = await startIsolationModel({ backend });
      const faults = await startDynamoFaultProxy({ backend: isolation.endpoint, seed: options.seed });
      layers = { isolation, faults };
      return {
        endpoint: faults.endpoint,
        close: async () => {
          await faults.close();
          await isolation.close();
        },
      };
    },
  });
  const { isolation, faults } = layers!;
  const processes = options.processes
    ? await startGatekeeperProcesses(options.processes, stack.environment).catch(async (error: unknown) => {
        await stack.close();
        throw error;
      })
    : undefined;
  return {
    urls: processes?.urls ?? [stack.url],
    ...(processes ? { processes } : {}),
    keysDir: stack.keysDir,
    dynamoFaults: faults,
    isolation,
    kmsFault: (spec) => (spec === null ? stack.kms.faults.clear() : stack.kms.faults.inject(spec)),
    runCheckpoints: () => stack.runCheckpoints(),
    close: async () => {
      await processes?.close();
      await stack.close();
    },
  };
}
