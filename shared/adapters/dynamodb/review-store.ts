import { GetCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AtomicWrite } from '../../ports/audit-log.ts';
import type { ReviewStore } from '../../ports/review-store.ts';
import type { ReviewCase } from '../../reviews/model.ts';
import { storageUnavailable } from './errors.ts';
import { queryAll } from './query-all.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Review cases in the records table, one partition per org (`REVIEWS#<org>`): a `CASE#<reviewId>`
 * item per case (the case as JSON, plus `status` and `used` for conditions) and a
 * `SUBJECT#<digest>` item naming the REFER case of each subject. Justifications and conditions
 * stay here, in the records store, and never reach the log. The queue of one org is read whole;
 * reviews are made by people, so an org holds thousands, not millions.
 */
export class DynamoDbReviewStore implements ReviewStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async get(org: string, reviewId: string): Promise<ReviewCase | undefined> {
    const item = await this.#get({ pk: partition(org), sk: caseKey(reviewId) });
    return item ? caseOf(item) : undefined;
  }

  async caseForSubject(org: string, subjectDigest: string): Promise<string | undefined> {
    const item = await this.#get({ pk: partition(org), sk: subjectKey(subjectDigest) });
    const reviewId: unknown = item?.['reviewId'];
    return typeof reviewId === 'string' ? reviewId : undefined;
  }

  async list(org: string): Promise<ReviewCase[]> {
    const items = await queryAll(this.#doc, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      ExpressionAttributeValues: { ':pk': partition(org), ':case': 'CASE#' },
      ConsistentRead: true,
    });
    return items.map(caseOf);
  }

  open(review: ReviewCase, previous: string | undefined): AtomicWrite[] {
    const writes = [
      wrap({
        Put: {
          TableName: this.#table,
          Item: itemOf(review),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ];
    if (review.kind !== 'REFER' || review.subjectDigest === undefined) return writes;
    const subject = { pk: partition(review.org), sk: subjectKey(review.subjectDigest) };
    return [
      ...writes,
      wrap({
        Put: {
          TableName: this.#table,
          Item: { ...subject, reviewId: review.reviewId },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'reviewId = :previous', ExpressionAttributeValues: { ':previous': previous } }),
        },
      }),
    ];
  }

  update(before: ReviewCase, after: ReviewCase): AtomicWrite {
    return wrap({
      Put: {
        TableName: this.#table,
        Item: itemOf(after),
        ConditionExpression: '#status = :status AND used = :unused',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': before.status, ':unused': false },
      },
    });
  }

  eraseText(before: ReviewCase): AtomicWrite {
    const { justification: _j, conditions: _c, grounds: _g, ...after } = before;
    return wrap({
      Put: {
        TableName: this.#table,
        Item: itemOf(after),
        ConditionExpression: '#body = :before',
        ExpressionAttributeNames: { '#body': 'body' },
        ExpressionAttributeValues: { ':before': JSON.stringify(before) },
      },
    });
  }

  async #get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }));
      return result.Item;
    } catch (error) {
      throw storageUnavailable(error);
    }
  }
}

function itemOf(review: ReviewCase): Record<string, unknown> {
  return {
    pk: partition(review.org),
    sk: caseKey(review.reviewId),
    status: review.status,
    used: review.usedBy !== undefined,
    patientId: review.patientId,
    body: JSON.stringify(review),
  };
}

function caseOf(item: Record<string, unknown>): ReviewCase {
  return JSON.parse(item['body'] as string) as ReviewCase;
}

function wrap(item: TransactItem): AtomicWrite {
  return { tag: 'review', store: 'dynamodb', item };
}

function partition(org: string): string {
  return `REVIEWS#${org}`;
}

function caseKey(reviewId: string): string {
  return `CASE#${reviewId}`;
}

function subjectKey(subjectDigest: string): string {
  return `SUBJECT#${subjectDigest}`;
}
