import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../shared/config/config.ts';
import { systemClock, type Clock } from '../shared/ports/clock.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './lib/metrics.ts';

/**
 * What every function has, apart from what the API functions add (platform.ts). Kept apart so a
 * function that never reads DynamoDB (the archiver) does not bundle the DynamoDB adapters and client
 * that platform.ts imports (docs/benchmarks.md, bundles).
 */

/** One client per AWS service; a composition root asks only for those its function calls. */
export interface SdkClients {
  readonly dynamoDb: DynamoDBDocumentClient;
  readonly kms: KMSClient;
  readonly s3: S3Client;
}

/** What every function has, whatever it serves: its configuration, time and telemetry. */
export interface FunctionBasics {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function functionBasics(config: Config): FunctionBasics {
  return {
    config,
    clock: systemClock,
    logger: new Logger({ serviceName: METRICS_SERVICE }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }),
  };
}
