/**
 * The names of the environment variables a function is configured by: the config parser
 * (config.ts) reads them, the CDK stack and the local stack set them. Written once here so the
 * three cannot drift; `FunctionEnvironment` makes a stack that forgets a required one fail `tsc`.
 */
export const ENV = Object.freeze({
  deployment: 'GK_DEPLOYMENT',
  audience: 'GK_AUDIENCE',
  tableRegistry: 'GK_TABLE_REGISTRY',
  tableReplay: 'GK_TABLE_REPLAY',
  tableRecords: 'GK_TABLE_RECORDS',
  tableIdempotency: 'GK_TABLE_IDEMPOTENCY',
  tableAudit: 'GK_TABLE_AUDIT',
  tableAuditHeads: 'GK_TABLE_AUDIT_HEADS',
  keyPseudonymPhin: 'GK_KEY_PSEUDONYM_PHIN',
  keyPseudonymPhinVersion: 'GK_KEY_PSEUDONYM_PHIN_VERSION',
  keyPseudonymAudit: 'GK_KEY_PSEUDONYM_AUDIT',
  keyPseudonymAuditVersion: 'GK_KEY_PSEUDONYM_AUDIT_VERSION',
  keyCheckpoint: 'GK_KEY_CHECKPOINT',
  keyAuthorisation: 'GK_KEY_AUTHORISATION',
  archiveBucket: 'GK_ARCHIVE_BUCKET',
  archiveDir: 'GK_ARCHIVE_DIR',
  /** JSON object of policy switch values the deployment chose (policy-uk.md §7); part of the pack digest. */
  policySwitches: 'GK_POLICY_SWITCHES',
  /** `true` where no scheduled checkpointer runs (local): an audit read signs the checkpoints it needs. */
  signCheckpointsOnRead: 'GK_SIGN_CHECKPOINTS_ON_READ',
} as const);

type EnvKey = keyof typeof ENV;
export type EnvName = (typeof ENV)[EnvKey];

/** The variables every deployment sets; the rest have defaults or belong to one kind of deployment. */
type RequiredKey =
  | 'deployment'
  | 'audience'
  | 'tableRegistry'
  | 'tableReplay'
  | 'tableRecords'
  | 'tableIdempotency'
  | 'tableAudit'
  | 'tableAuditHeads'
  | 'keyPseudonymPhin'
  | 'keyPseudonymAudit'
  | 'keyCheckpoint'
  | 'keyAuthorisation';

export type TableEnvName = (typeof ENV)[Extract<EnvKey, `table${string}`>];

/** What a stack hands a function: every required name, any optional one. */
export type FunctionEnvironment = { readonly [K in RequiredKey as (typeof ENV)[K]]: string } & {
  readonly [K in Exclude<EnvKey, RequiredKey> as (typeof ENV)[K]]?: string;
};
