import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError, ValidationFailedError } from '../../errors.ts';
import { AUDIT_INDEXES } from './audit-indexes.ts';
import {
  AUDIT_SEARCH_MAX_LIMIT,
  type AuditSearch,
  type AuditSearchItem,
  type AuditSearchPage,
  type AuditSearchQuery,
} from '../../ports/audit-search.ts';
import { auditIndexValue, type AuditIndexAttribute } from '../../audit/index-projection.ts';
import { auditKeys } from './audit-keys.ts';

/** Query pages read per call at most, so a sparse code-side filter cannot run a Lambda out of time. */
const MAX_PAGES_PER_CALL = 25;
/** Sorts after every character an origin or index tail can hold, so `to` includes its whole millisecond. */
const HIGHEST = '\uffff';

interface IndexChoice {
  readonly indexName: string;
  readonly attribute: AuditIndexAttribute;
  readonly value: string;
}

interface CursorKey {
  readonly pk: string;
  readonly sk: number;
  readonly ts: string;
  readonly [attribute: string]: string | number;
}

/**
 * The read side of the audit indexes (audit.md §7). It picks the most selective index the query
 * allows (patient > recipient > decision > type > org), puts the org and the time range into the key
 * condition and the other filters into a FilterExpression; the recipient category lives only inside
 * the entry, so it is checked in code, with the cursor set at the last item returned so paging
 * stays exact. Index reads are eventually consistent: the index is derived data, the log is the truth.
 */
export class DynamoDbAuditSearch implements AuditSearch {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async search(query: AuditSearchQuery): Promise<AuditSearchPage> {
    if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > AUDIT_SEARCH_MAX_LIMIT) {
      throw rejected('limit', 'LIMIT_OUT_OF_RANGE', `must be an integer from 1 to ${AUDIT_SEARCH_MAX_LIMIT}`);
    }
    if (query.org === '') throw new Error('An audit search needs an org');
    const index = chooseIndex(query);
    const from = query.from === undefined ? undefined : isoBound(query.from, 'from');
    const to = query.to === undefined ? undefined : isoBound(query.to, 'to');
    // An empty range is the caller's mistake (api.md §4.3), and DynamoDB would refuse the BETWEEN.
    if (from !== undefined && to !== undefined && from > to)
      throw rejected('from', 'RANGE_INVERTED', 'must not be after to');
    let startKey: Record<string, unknown> | undefined =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, index);

    const names: Record<string, string> = { '#ix': index.attribute };
    const values: Record<string, unknown> = { ':ix': index.value };
    let keyCondition = '#ix = :ix';
    if (from !== undefined || to !== undefined) names['#ts'] = 'ts';
    if (from !== undefined && to !== undefined) {
      keyCondition += ' AND #ts BETWEEN :from AND :to';
      values[':from'] = from;
      values[':to'] = `${to}#${HIGHEST}`;
    } else if (from !== undefined) {
      keyCondition += ' AND #ts >= :from';
      values[':from'] = from;
    } else if (to !== undefined) {
      keyCondition += ' AND #ts <= :to';
      values[':to'] = `${to}#${HIGHEST}`;
    }
    const filters: string[] = [];
    const filterOn = (attribute: AuditIndexAttribute, value: string) => {
      if (attribute === index.attribute) return;
      const n = `#f${filters.length}`;
      const v = `:f${filters.length}`;
      names[n] = attribute;
      values[v] = value;
      filters.push(`${n} = ${v}`);
    };
    if (query.recipientId !== undefined)
      filterOn('ixRecipient', auditIndexValue.recipient(query.org, query.recipientId));
    if (query.decision !== undefined) filterOn('ixDecision', auditIndexValue.decision(query.org, query.decision));
    if (query.type !== undefined) filterOn('ixType', auditIndexValue.type(query.org, query.type));
    if (query.clientId !== undefined) filterOn('clientId', query.clientId);
    if (query.recipientCategory !== undefined) {
      // A cheap pre-filter on the canonical text (keys are sorted, so `category` comes first in
      // `recipient`); the exact check on the parsed entry follows in code.
      names['#entry'] = 'entry';
      values[':category'] = `"recipient":{"category":${JSON.stringify(query.recipientCategory)}`;
      filters.push('contains(#entry, :category)');
    }

    const items: AuditSearchItem[] = [];
    for (let page = 0; page < MAX_PAGES_PER_CALL; page += 1) {
      const result = await this.#query({
        TableName: this.#table,
        IndexName: index.indexName,
        KeyConditionExpression: keyCondition,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        // One more than still needed, so a page ending exactly at the end gets no cursor.
        Limit: query.limit - items.length + 1,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const pageItems = result.Items ?? [];
      for (const [position, item] of pageItems.entries()) {
        const found = toItem(item);
        if (query.recipientCategory !== undefined && recipientCategory(found.entry) !== query.recipientCategory)
          continue;
        items.push(found);
        if (items.length === query.limit) {
          const more = position < pageItems.length - 1 || result.LastEvaluatedKey !== undefined;
          return more ? { items, nextCursor: encodeCursor(index, cursorKey(item, index)) } : { items };
        }
      }
      startKey = result.LastEvaluatedKey;
      if (!startKey) return { items };
    }
    // Read budget spent: hand back what was found and where to go on (possibly an empty page).
    return { items, nextCursor: encodeCursor(index, startKey as Record<string, unknown>) };
  }

  async #query(input: ConstructorParameters<typeof QueryCommand>[0]) {
    try {
      return await this.#doc.send(new QueryCommand(input));
    } catch (error) {
      throw new DependencyUnavailableError('The audit index is unavailable', { cause: error });
    }
  }
}

function chooseIndex(query: AuditSearchQuery): IndexChoice {
  const { org } = query;
  if (query.patientIndexKey !== undefined)
    return {
      indexName: AUDIT_INDEXES.byPatient,
      attribute: 'ixPatient',
      value: auditIndexValue.patient(org, query.patientIndexKey),
    };
  if (query.recipientId !== undefined)
    return {
      indexName: AUDIT_INDEXES.byRecipient,
      attribute: 'ixRecipient',
      value: auditIndexValue.recipient(org, query.recipientId),
    };
  if (query.decision !== undefined)
    return {
      indexName: AUDIT_INDEXES.byDecision,
      attribute: 'ixDecision',
      value: auditIndexValue.decision(org, query.decision),
    };
  if (query.type !== undefined)
    return { indexName: AUDIT_INDEXES.byType, attribute: 'ixType', value: auditIndexValue.type(org, query.type) };
  return { indexName: AUDIT_INDEXES.byOrg, attribute: 'ixOrg', value: auditIndexValue.org(org) };
}

/** Entry times are `toISOString()` strings, so bounds must be in exactly that form to compare. */
function isoBound(value: string, path: 'from' | 'to'): string {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms)) throw rejected(path, 'INVALID_TIME', 'must be an ISO 8601 date-time with a zone');
  return new Date(ms).toISOString();
}

function toItem(item: Record<string, unknown>): AuditSearchItem {
  const pk = String(item['pk']);
  const prefix = auditKeys.entryPartition('');
  return {
    entry: JSON.parse(String(item['entry'])) as Record<string, unknown>,
    origin: pk.startsWith(prefix) ? pk.slice(prefix.length) : pk,
    index: Number(item['sk']),
    leafHash: Buffer.from(item['leafHash'] as Uint8Array).toString('base64'),
  };
}

function recipientCategory(entry: Readonly<Record<string, unknown>>): unknown {
  const decision = entry['decision'] as { recipient?: { category?: unknown } } | undefined;
  return decision?.recipient?.category;
}

function cursorKey(item: Record<string, unknown>, index: IndexChoice): Record<string, unknown> {
  return { pk: item['pk'], sk: item['sk'], ts: item['ts'], [index.attribute]: item[index.attribute] };
}

function encodeCursor(index: IndexChoice, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ i: index.indexName, k: key }), 'utf8').toString('base64url');
}

/**
 * A cursor is accepted only if it is a key of the very index partition this query reads, so a
 * cursor from another org or another query cannot move the read anywhere else.
 */
function decodeCursor(cursor: string, index: IndexChoice): CursorKey {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/u.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw rejected('cursor', 'INVALID_CURSOR', 'is not a cursor this search returned');
  }
  const { i, k } = (parsed ?? {}) as { i?: unknown; k?: Record<string, unknown> };
  const valid =
    i === index.indexName &&
    typeof k === 'object' &&
    k !== null &&
    Object.keys(k).length === 4 &&
    typeof k['pk'] === 'string' &&
    k['pk'].startsWith(auditKeys.entryPartition('')) &&
    Number.isSafeInteger(k['sk']) &&
    typeof k['ts'] === 'string' &&
    k[index.attribute] === index.value;
  if (!valid) throw rejected('cursor', 'INVALID_CURSOR', 'is not a cursor this search returned');
  return k as CursorKey;
}

function rejected(path: string, code: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ path, code, message }]);
}
