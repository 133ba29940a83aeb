import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../infra/local/stack.ts';

/**
 * Starts the real local stack once for the integration project: DynamoDB Local (in memory), the
 * local KMS endpoint, the demo seed and the handlers behind HTTP. Tests reach it only over HTTP
 * (and the KMS fault API), exactly as a client would.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    stack: { url: string; keysDir: string; kmsUrl: string; dynamoDbEndpoint: string; environment: Record<string, string> };
  }
}

let stack: LocalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startLocalStack({});
  project.provide('stack', {
    url: stack.url,
    keysDir: stack.keysDir,
    kmsUrl: stack.kms.url,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    environment: { ...stack.environment },
  });
}

export async function teardown(): Promise<void> {
  await stack?.close();
}
