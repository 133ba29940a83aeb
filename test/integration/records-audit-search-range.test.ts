import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { ValidationFailedError } from '../../shared/errors.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

let db: TestDynamoDb;

beforeAll(async () => {
  db = await startTestDynamoDb();
});
afterAll(() => db?.close());

describe('DynamoDbAuditSearch time range', () => {
  it('refuses from after to as a caller mistake (422), not a store failure (503)', async () => {
    // Prepare
    const search = new DynamoDbAuditSearch(db.doc, db.tables.AuditLog);

    // Act
    const inverted = await search
      .search({ org: 'o', from: '2026-11-02T00:00:00Z', to: '2026-11-01T23:59:59+01:00', limit: 5 })
      .catch((e: unknown) => e);
    // The same instants in other offsets: from before to, so a search, not a refusal.
    const ordered = await search.search({
      org: 'o',
      from: '2026-11-01T23:30:00+01:00',
      to: '2026-11-01T23:00:00Z',
      limit: 5,
    });

    // Assess
    expect(inverted).toBeInstanceOf(ValidationFailedError);
    expect((inverted as ValidationFailedError).errors).toEqual([
      { path: 'from', code: 'RANGE_INVERTED', message: 'must not be after to' },
    ]);
    expect(ordered).toEqual({ items: [] });
  });
});
