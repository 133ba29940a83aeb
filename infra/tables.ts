/**
 * The one source of truth for table key schemas, TTLs, streams and indexes. The CDK stateful
 * stack and the local runtime (infra/local/tables.ts) both build their tables from this, so the
 * code paths tested locally use exactly the keys deployed to AWS.
 */
import { AUDIT_INDEXES } from '../shared/adapters/dynamodb/audit-indexes.ts';
import { ENV, type TableEnvName } from '../shared/config/environment.ts';

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Stable logical id: the CDK construct id and the suffix of the local table name. */
  readonly id: TableId;
  /** The environment variable through which functions learn the physical table name. */
  readonly envVar: TableEnvName;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly timeToLiveAttribute?: string;
  /** New images streamed (the audit archiver reads them). */
  readonly stream?: boolean;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Audit evidence: write-once, deletion protection, never destroyed with the stack. */
  readonly evidence: boolean;
}

export type TableId = 'Registry' | 'Replay' | 'Records' | 'Idempotency' | 'AuditLog' | 'AuditHeads';

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

/** Audit search indexes (audit.md §7), named where the adapter that queries them lives. */
export { AUDIT_INDEXES };

const auditIndex = (indexName: string, partitionKeyName: string): IndexDefinition => ({
  indexName,
  partitionKey: { name: partitionKeyName, type: 'S' },
  sortKey: { name: 'ts', type: 'S' },
});

export const TABLES: readonly TableDefinition[] = Object.freeze([
  // Orgs, clients (with their public keys and scopes) and recipients.
  {
    id: 'Registry',
    envVar: ENV.tableRegistry,
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [],
    evidence: false,
  },
  // Used request ids (jti) per client, kept until exp + 60 s.
  {
    id: 'Replay',
    envVar: ENV.tableReplay,
    partitionKey: pk,
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    evidence: false,
  },
  // Patient records: one partition per patient, a META item carrying the records version.
  {
    id: 'Records',
    envVar: ENV.tableRecords,
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [],
    evidence: false,
  },
  // Stored answers per (client, requestId) so a retry returns the same decision and receipt.
  {
    id: 'Idempotency',
    envVar: ENV.tableIdempotency,
    partitionKey: pk,
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    evidence: false,
  },
  // Entries, sealed interior hashes and checkpoints: written once, never updated or deleted.
  {
    id: 'AuditLog',
    envVar: ENV.tableAudit,
    partitionKey: pk,
    sortKey: { name: 'sk', type: 'N' },
    stream: true,
    globalSecondaryIndexes: [
      auditIndex(AUDIT_INDEXES.byPatient, 'ixPatient'),
      auditIndex(AUDIT_INDEXES.byRecipient, 'ixRecipient'),
      auditIndex(AUDIT_INDEXES.byDecision, 'ixDecision'),
      auditIndex(AUDIT_INDEXES.byType, 'ixType'),
      auditIndex(AUDIT_INDEXES.byOrg, 'ixOrg'),
    ],
    evidence: true,
  },
  // The head of each log (size and right-edge frontier); the only mutable audit item.
  { id: 'AuditHeads', envVar: ENV.tableAuditHeads, partitionKey: pk, globalSecondaryIndexes: [], evidence: true },
]);

export function tableDefinition(id: TableId): TableDefinition {
  const found = TABLES.find((t) => t.id === id);
  if (!found) throw new Error(`No table definition ${id}`);
  return found;
}
