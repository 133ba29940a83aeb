import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One document client per process (functions create it at module scope). The endpoint comes from
 * the SDK's own AWS_ENDPOINT_URL_DYNAMODB in local mode, so there is no local-only code path.
 */
export function createDocumentClient(options: { maxAttempts?: number } = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ maxAttempts: options.maxAttempts ?? 3 });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
