import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps, aws_dynamodb as dynamodb, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArchiverAccess } from '../constructs/archiver-access.ts';
import { AuditArchive } from '../constructs/audit-archive.ts';
import { CryptoKeys } from '../constructs/crypto-keys.ts';
import type { SigningKeyVersions } from '../constructs/crypto-keys.ts';
import { DataEncryptionKey } from '../constructs/data-encryption-key.ts';
import { DataTables, EPHEMERAL_TABLES } from '../constructs/data-tables.ts';
import { EvidenceTrail } from '../constructs/evidence-trail.ts';
import { BreakGlassRole, FunctionRoles } from '../constructs/function-roles.ts';
import { TableBackups } from '../constructs/table-backups.ts';
import type { FunctionId } from '../routes.ts';
import type { TableId } from '../tables.ts';
import type { DeploymentConfig } from './config.ts';

/** What the stateless stack needs from the stateful one. */
export interface StatefulResources {
  readonly dataKey: kms.IKey;
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;
  readonly roles: Readonly<Record<FunctionId, iam.Role>>;
  readonly keys: {
    readonly pseudonymPhin: kms.IKey;
    readonly pseudonymAudit: kms.IKey;
    /** Every generation, active first (docs/key-rotation.md). */
    readonly checkpoint: SigningKeyVersions;
    readonly authorisation: SigningKeyVersions;
  };
  readonly archiveBucket: s3.IBucket;
}

/**
 * Everything that holds data or identity and must outlive a redeploy of the code: tables, keys,
 * the audit archive and the execution roles the key policies name. All of it is RETAINed.
 */
export class StatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: StackProps & { readonly config: DeploymentConfig }) {
    super(scope, id, props);
    const { deployment, retentionYears, organisationTrail, signingKeys } = props.config;
    const dataKey = new DataEncryptionKey(this, 'DataKey', { deployment }).key;
    const tables = new DataTables(this, 'Tables', { encryptionKey: dataKey }).tables;
    const roles = new FunctionRoles(this, 'FunctionRoles', { deployment }).roles;
    const breakGlass = new BreakGlassRole(this, 'BreakGlass', { deployment }).role;
    const keys = new CryptoKeys(this, 'CryptoKeys', { deployment, roles, breakGlass, signingKeys });
    const archive = new AuditArchive(this, 'AuditArchive', { encryptionKey: dataKey, retentionYears });
    new ArchiverAccess(this, 'ArchiverAccess', {
      role: roles.archiver,
      auditLog: tables.AuditLog,
      archiveBucket: archive.bucket,
      dataKey,
    });
    const evidenceTables = [tables.AuditLog, tables.AuditHeads, tables.Records];
    if (organisationTrail) {
      // What the organisation trail's data-event selectors must name (docs/operations.md §5).
      new CfnOutput(this, 'TrailDataEventTables', {
        value: Fn.join(
          ',',
          evidenceTables.map((table) => table.tableArn),
        ),
      });
      new CfnOutput(this, 'TrailDataEventObjects', { value: `${archive.bucket.bucketArn}/` });
    } else {
      new EvidenceTrail(this, 'EvidenceTrail', {
        encryptionKey: dataKey,
        tables: evidenceTables,
        archiveBucket: archive.bucket,
        accessLogBucket: archive.accessLogBucket,
      });
    }
    new TableBackups(this, 'Backups', {
      deployment,
      encryptionKey: dataKey,
      tables: Object.values(tables).filter((table) => !EPHEMERAL_TABLES.some((id) => tables[id] === table)),
    });
    this.resources = {
      dataKey,
      tables,
      roles,
      keys: {
        pseudonymPhin: keys.pseudonymPhin,
        pseudonymAudit: keys.pseudonymAudit,
        checkpoint: keys.checkpoint,
        authorisation: keys.authorisation,
      },
      archiveBucket: archive.bucket,
    };
  }
}

/** Every key the gatekeeper holds besides the data key: the pseudonym keys and each signing generation. */
export function gatekeeperKeys(keys: StatefulResources['keys']): kms.IKey[] {
  return [
    keys.pseudonymPhin,
    keys.pseudonymAudit,
    ...[...keys.checkpoint, ...keys.authorisation].map((version) => version.key),
  ];
}
