import { z } from 'zod';
import { parseSigningKeyRing, type SigningKeyRing } from './signing-key-ring.ts';

/**
 * Function configuration, parsed once at cold start from the environment into a frozen, typed
 * object. A missing or malformed variable stops the function at start-up (fail closed), never
 * halfway through a request.
 */
const kmsKeyId = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/-]+)|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/[\w/-]+)$/,
    'must be a KMS key id, key ARN, alias or alias ARN',
  );

/** One signing purpose's keys: the active one first, then retired ones with their retirement time. */
const signingKeyRing = z.string().transform((text, ctx): SigningKeyRing => {
  const ring = parseSigningKeyRing(text, (value) => kmsKeyId.safeParse(value).success);
  if ('problem' in ring) {
    // The problem's name only: the value holds key ARNs.
    ctx.addIssue({ code: 'custom', message: ring.problem });
    return z.NEVER;
  }
  return ring;
});

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  GK_DEPLOYMENT: z.string().min(1),
  GK_AUDIENCE: z.string().min(1),
  GK_LOCAL_MODE: z.enum(['true', 'false']).default('false'),
  GK_PATIENT_LOGS: positiveInt.max(1024).default(8),
  GK_TABLE_REGISTRY: z.string().min(3),
  GK_TABLE_REPLAY: z.string().min(3),
  GK_TABLE_RECORDS: z.string().min(3),
  GK_TABLE_IDEMPOTENCY: z.string().min(3),
  GK_TABLE_AUDIT: z.string().min(3),
  GK_TABLE_AUDIT_HEADS: z.string().min(3),
  GK_KEY_PSEUDONYM_PHIN: kmsKeyId,
  GK_KEY_PSEUDONYM_PHIN_VERSION: positiveInt.default(1),
  GK_KEY_PSEUDONYM_AUDIT: kmsKeyId,
  GK_KEY_PSEUDONYM_AUDIT_VERSION: positiveInt.default(1),
  GK_KEY_CHECKPOINT: signingKeyRing,
  GK_KEY_AUTHORISATION: signingKeyRing,
  GK_ARCHIVE_BUCKET: z.string().optional(),
  GK_ARCHIVE_DIR: z.string().optional(),
});

export interface Config {
  readonly deployment: string;
  readonly audience: string;
  readonly localMode: boolean;
  readonly patientLogs: number;
  readonly tables: {
    readonly registry: string;
    readonly replay: string;
    readonly records: string;
    readonly idempotency: string;
    readonly audit: string;
    readonly auditHeads: string;
  };
  readonly keys: {
    readonly pseudonymPhin: { readonly keyId: string; readonly version: number };
    readonly pseudonymAudit: { readonly keyId: string; readonly version: number };
    readonly checkpoint: SigningKeyRing;
    readonly authorisation: SigningKeyRing;
  };
  readonly archive: { readonly bucket?: string; readonly dir?: string };
}

export class ConfigError extends Error {
  readonly code = 'config_invalid' as const;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    // Names only: configuration values may be secrets or ARNs we do not want in logs.
    // A custom issue's message is a problem name of ours (signing-key-ring.ts), never the value.
    const describe = (issue: z.core.$ZodIssue): string => `${issue.path.join('.')}${issue.code === 'custom' ? ` (${issue.message})` : ''}`;
    const names = [...new Set(parsed.error.issues.map(describe))].join(', ');
    throw new ConfigError(`Invalid configuration: ${names}`);
  }
  const e = parsed.data;
  return deepFreeze({
    deployment: e.GK_DEPLOYMENT,
    audience: e.GK_AUDIENCE,
    localMode: e.GK_LOCAL_MODE === 'true',
    patientLogs: e.GK_PATIENT_LOGS,
    tables: {
      registry: e.GK_TABLE_REGISTRY,
      replay: e.GK_TABLE_REPLAY,
      records: e.GK_TABLE_RECORDS,
      idempotency: e.GK_TABLE_IDEMPOTENCY,
      audit: e.GK_TABLE_AUDIT,
      auditHeads: e.GK_TABLE_AUDIT_HEADS,
    },
    keys: {
      pseudonymPhin: { keyId: e.GK_KEY_PSEUDONYM_PHIN, version: e.GK_KEY_PSEUDONYM_PHIN_VERSION },
      pseudonymAudit: { keyId: e.GK_KEY_PSEUDONYM_AUDIT, version: e.GK_KEY_PSEUDONYM_AUDIT_VERSION },
      checkpoint: e.GK_KEY_CHECKPOINT,
      authorisation: e.GK_KEY_AUTHORISATION,
    },
    archive: { ...(e.GK_ARCHIVE_BUCKET ? { bucket: e.GK_ARCHIVE_BUCKET } : {}), ...(e.GK_ARCHIVE_DIR ? { dir: e.GK_ARCHIVE_DIR } : {}) },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (cold start) and then shared. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
