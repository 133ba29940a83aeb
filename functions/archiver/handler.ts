import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../shared/config/config.ts';
import type { AuditItemImage } from '../../shared/services/archive-service.ts';
import { composeArchiver } from './compose.ts';

const { archive, logger } = composeArchiver(config(), { s3: new S3Client({}) });

/**
 * The AuditLog stream (NEW_IMAGE) into the WORM archive (audit.md §7). Every record is archived
 * independently; a record that fails is reported in batchItemFailures so Lambda retries from it
 * (and, after the retries, sends it to the failure queue) — never skipped. A record without a new
 * image is a removal, which the table's roles cannot make: it is logged at error level.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records;
  const failures = new Set<string>();
  const items: AuditItemImage[] = [];
  const ids: string[] = [];
  for (const record of records) {
    const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
    const image = record.dynamodb?.NewImage;
    if (!image) {
      logger.error('An audit item was removed from the table', { eventName: record.eventName, sequenceNumber: id });
      continue;
    }
    try {
      items.push(unmarshall(image as Record<string, AttributeValue>));
      ids.push(id);
    } catch {
      failures.add(id);
    }
  }
  const outcome = await archive.archiveItems(items);
  for (const { position, error } of outcome.failed) {
    failures.add(ids[position]!);
    logger.error('An audit item could not be archived', {
      sequenceNumber: ids[position],
      code: (error as { code?: string }).code,
      error: (error as Error).name,
    });
  }
  if (failures.size === 0) logger.info('Archived', { written: outcome.written, skipped: outcome.skipped });
  return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
};
