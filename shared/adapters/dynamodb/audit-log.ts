import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GroupCommitLog } from '../../audit/group-commit.ts';
import { DynamoDbLogStore } from './audit-log-store.ts';

/**
 * The audit log on DynamoDB: the group-commit queue (shared/audit/group-commit.ts) over the
 * DynamoDB encoding of entries, nodes and heads (audit-log-store.ts).
 */
export class DynamoDbAuditLog extends GroupCommitLog {
  constructor(doc: DynamoDBDocumentClient, tables: { audit: string; auditHeads: string }) {
    super(new DynamoDbLogStore(doc, tables));
  }
}
