import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../infra/local/stack.ts';
import { startIsolationModel } from './support/dynamodb-isolation-model.ts';

/**
 * Starts the real local stack once for the integration project: DynamoDB Local (in memory), the
 * local KMS endpoint, the demo seed and the handlers behind HTTP. Tests reach it only over HTTP
 * (and the KMS fault API), exactly as a client would. The services reach DynamoDB Local through the
 * DynamoDB isolation model (test/support/dynamodb-isolation-model.ts): a pass-through until a test
 * asks it, over `isolationUrl`, to behave as real DynamoDB does where DynamoDB Local is stronger.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    stack: { url: string; keysDir: string; kmsUrl: string; dynamoDbEndpoint: string; isolationUrl: string; environment: Record<string, string> };
  }
}

let stack: LocalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  let isolationUrl = '';
  stack = await startLocalStack({
    interposeDynamoDb: async (backend) => {
      const model = await startIsolationModel({ backend });
      isolationUrl = model.endpoint;
      return model;
    },
  });
  project.provide('stack', {
    url: stack.url,
    keysDir: stack.keysDir,
    kmsUrl: stack.kms.url,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    isolationUrl,
    environment: { ...stack.environment },
  });
}

export async function teardown(): Promise<void> {
  await stack?.close();
}
