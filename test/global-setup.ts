import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../infra/local/stack.ts';
import { startIsolationModel } from './support/dynamodb-isolation-model.ts';
import { finishRunLogScan, startRunLogCapture, type RunLogCapture } from './support/run-log-scan.ts';
import './support/log-registry.ts';

/**
 * Starts the real local stack once for the integration project: DynamoDB Local (in memory), the
 * local KMS endpoint, the demo seed and the handlers behind HTTP. Tests reach it only over HTTP
 * (and the KMS fault API), exactly as a client would. The services reach DynamoDB Local through the
 * DynamoDB isolation model (test/support/dynamodb-isolation-model.ts): a pass-through until a test
 * asks it, over `isolationUrl`, to behave as real DynamoDB does where DynamoDB Local is stronger.
 *
 * Everything the stack prints is captured (test/support/run-log-scan.ts) with the handlers logging
 * at DEBUG, and at teardown scanned for every value the tests registered: one found fails the run.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      url: string;
      keysDir: string;
      kmsUrl: string;
      dynamoDbEndpoint: string;
      isolationUrl: string;
      environment: Record<string, string>;
    };
  }
}

let stack: LocalStack | undefined;
let capture: RunLogCapture | undefined;
let isolationUrl = '';

export async function setup(project: TestProject): Promise<void> {
  capture = startRunLogCapture();
  project.provide('logScan', { registryFile: capture.registryFile });
  const configuredLevel = process.env['POWERTOOLS_LOG_LEVEL'];
  // The handlers build their logger as they load, here: DEBUG gives the scan every line there is.
  // Workers and the processes tests spawn keep the configured level (their output is not scanned here).
  process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
  try {
    stack = await startSharedStack(capture);
  } catch (error) {
    capture.stop();
    throw error;
  } finally {
    if (configuredLevel === undefined) delete process.env['POWERTOOLS_LOG_LEVEL'];
    else process.env['POWERTOOLS_LOG_LEVEL'] = configuredLevel;
  }
  project.provide('stack', {
    url: stack.url,
    keysDir: stack.keysDir,
    kmsUrl: stack.kms.url,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    isolationUrl,
    environment: { ...stack.environment, POWERTOOLS_LOG_LEVEL: configuredLevel ?? 'WARN' },
  });
}

function startSharedStack(output: RunLogCapture): Promise<LocalStack> {
  return startLocalStack({
    onDynamoDbOutput: output.onDynamoDbOutput,
    interposeDynamoDb: async (backend) => {
      const model = await startIsolationModel({ backend });
      isolationUrl = model.endpoint;
      return model;
    },
  });
}

export async function teardown(): Promise<void> {
  await stack?.close();
  if (capture) console.log(finishRunLogScan(capture));
}
