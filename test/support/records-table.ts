/**
 * TESTS ONLY. The records table of the running local stack, read and written directly (past the
 * services and the isolation model): to see what a change left on a patient's META item, or to move
 * a review case's due date into the past as the passing of time would.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { countOverdueNotifications } from '../../shared/notifications/overdue.ts';
import { stack } from './stack.ts';

let direct: DynamoDBDocumentClient | undefined;

/** The document client and name of the running stack's records table (one client, closed by closeRecordsTable). */
export function recordsTable(): { doc: DynamoDBDocumentClient; name: string } {
  const { dynamoDbEndpoint, environment } = stack();
  direct ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return { doc: direct, name: environment['GK_TABLE_RECORDS']! };
}

async function getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { doc, name } = recordsTable();
  return (await doc.send(new GetCommand({ TableName: name, Key: { pk, sk }, ConsistentRead: true }))).Item;
}

/** The patient's META item as stored (version, release count, any hold on releases). */
export function patientMeta(patientId: string, org = 'demo'): Promise<Record<string, unknown> | undefined> {
  return getItem(`PATIENT#${org}#${patientId}`, 'META');
}

/**
 * Moves a review case's `dueAt` to `dueAt`, as if the time had passed: the case item holds the case
 * as JSON (`body`), which every reader takes its due date from.
 */
export async function backdateReview(reviewId: string, dueAt: string, org = 'demo'): Promise<void> {
  const item = await getItem(`REVIEWS#${org}`, `CASE#${reviewId}`);
  if (!item) throw new Error(`no review case ${reviewId}`);
  const body = { ...(JSON.parse(String(item['body'])) as Record<string, unknown>), dueAt };
  const { doc, name } = recordsTable();
  await doc.send(new PutCommand({ TableName: name, Item: { ...item, body: JSON.stringify(body) } }));
}

/**
 * Moves a notification's `dueAt` to `dueAt`, as if the time had passed: in the patient's records
 * (what the search and subject access read) and in the org's filing item (what the overdue gauge reads).
 */
export async function backdateNotification(
  patientId: string,
  notificationId: string,
  dueAt: string,
  org = 'demo',
): Promise<void> {
  const { doc, name } = recordsTable();
  const keys = [
    { Key: { pk: `PATIENT#${org}#${patientId}`, sk: `NOTIFICATION#${notificationId}` }, attribute: 'record.dueAt' },
    { Key: { pk: `NOTIFICATIONS#${org}`, sk: `N#${notificationId}` }, attribute: 'dueAt' },
  ];
  for (const { Key, attribute } of keys) {
    const path = attribute.split('.');
    await doc.send(
      new UpdateCommand({
        TableName: name,
        Key,
        UpdateExpression: `SET ${path.map((_, i) => `#p${i}`).join('.')} = :due`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(path.map((part, i) => [`#p${i}`, part])),
        ExpressionAttributeValues: { ':due': dueAt },
      }),
    );
  }
}

/** The OverdueNotifications gauge of `org` now, counted as the checkpointer counts it. */
export function overdueNotifications(org = 'demo'): Promise<number> {
  const { doc, name } = recordsTable();
  return countOverdueNotifications(new DynamoDbRecordsStore(doc, name), [org], Date.now());
}

export function closeRecordsTable(): void {
  direct?.destroy();
  direct = undefined;
}
