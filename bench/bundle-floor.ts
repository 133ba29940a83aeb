/**
 * The floor of a function bundle (issue 15, bundles): the entry point the bench bundles with the
 * functions' own options and imports next to them. It does what every API function's cold start
 * does before any of our code runs, and nothing else: it builds the SDK clients the heaviest
 * function builds (the DynamoDB document client and KMS, through the adapters the functions use),
 * parses one small object with zod, and wraps an empty handler in middy with Powertools' logger
 * and metrics. No function can go below this while the SDK is bundled, zod validates its input
 * and middy and Powertools compose and observe it: all fixed choices of the project.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import * as z from 'zod';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../shared/adapters/kms/client.ts';

const floorSchema = z.strictObject({ name: z.string().min(1), attempts: z.number().int().positive() });

export const clients = { dynamoDb: createDocumentClient(), kms: createKmsClient() };
export const parsed = floorSchema.parse({ name: 'floor', attempts: 3 }, { jitless: true });
const logger = new Logger({ serviceName: 'floor' });
const metrics = new Metrics({ namespace: 'Floor', serviceName: 'floor' });
export const handler = middy(() => {
  logger.debug('floor');
  metrics.addMetric('Floor', 'Count', 1);
  return Promise.resolve({ statusCode: 204 });
});
