/**
 * The one way functions get a KMS client. No endpoint code here: the SDK itself reads
 * AWS_ENDPOINT_URL_KMS (set only in local mode), so the same code path runs in AWS and locally.
 */
import { KMSClient } from '@aws-sdk/client-kms';

export interface KmsClientOptions {
  /** Attempts including the first; the SDK default is 3. Throttling is retried with backoff. */
  readonly maxAttempts?: number;
}

export function createKmsClient(options: KmsClientOptions = {}): KMSClient {
  return new KMSClient({
    retryMode: 'standard',
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}
