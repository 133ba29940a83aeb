import * as z from 'zod';
import { parseSigningKeyRing, type SigningKeyRing } from './signing-key-ring.ts';
import { SE_PACK_ID, seSwitchesSchema, type SeSwitches } from '../policy/se-switches.ts';
import { switchesSchema, type Switches } from '../policy/switches.ts';
import { ENV } from './environment.ts';

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

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

/**
 * Switch values as JSON; zod then holds every name and value to its pack's catalogue. The UK
 * switches are top-level names (as they always were); the Swedish pack's go under its id, since
 * its catalogue shares names with the UK one (`retention.years`) whose meaning differs per pack.
 */
const policySwitches = z
  .string()
  .default('{}')
  .transform((text, context): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(switchesSchema.partial().extend({ [SE_PACK_ID]: seSwitchesSchema.partial().optional() }));

const environmentSchema = z.object({
  [ENV.deployment]: z.string().min(1),
  [ENV.audience]: z.string().min(1),
  [ENV.tableRegistry]: z.string().min(3),
  [ENV.tableReplay]: z.string().min(3),
  [ENV.tableRecords]: z.string().min(3),
  [ENV.tableIdempotency]: z.string().min(3),
  [ENV.tableAudit]: z.string().min(3),
  [ENV.tableAuditHeads]: z.string().min(3),
  [ENV.keyPseudonymPhin]: kmsKeyId,
  [ENV.keyPseudonymPhinVersion]: positiveInt.default(1),
  [ENV.keyPseudonymAudit]: kmsKeyId,
  [ENV.keyPseudonymAuditVersion]: positiveInt.default(1),
  [ENV.keyCheckpoint]: signingKeyRing,
  [ENV.keyAuthorisation]: signingKeyRing,
  [ENV.archiveBucket]: z.string().optional(),
  [ENV.archiveDir]: z.string().optional(),
  [ENV.policySwitches]: policySwitches,
  [ENV.signCheckpointsOnRead]: flag,
});

export interface Config {
  readonly deployment: string;
  readonly audience: string;
  /**
   * Where deployments differ, they differ here, never by a mode flag: the policy switches the
   * deployment chose (local: `nhs.allowTestRange`), applied by registration and decisions alike.
   */
  readonly policySwitches: Partial<Switches>;
  /** The switches of `se-default` the deployment chose (policy-se.md §7), applied wherever that pack is loaded. */
  readonly swedishSwitches: Partial<SeSwitches>;
  /** Sign checkpoints when an audit read needs them (local), instead of the scheduled checkpointer. */
  readonly signCheckpointsOnRead: boolean;
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

/**
 * Names only: configuration values may be secrets or ARNs we do not want in logs. A custom issue's
 * message is a problem name of ours (signing-key-ring.ts), never the value. Unknown keys are named:
 * they are switch or variable names an operator typed, never values.
 */
function namesOf(issues: readonly z.core.$ZodIssue[]): string {
  const describe = (issue: z.core.$ZodIssue): string =>
    `${issue.path.join('.')}${issue.code === 'custom' ? ` (${issue.message})` : ''}${
      issue.code === 'unrecognized_keys' ? ` (unknown: ${issue.keys.join(', ')})` : ''
    }`;
  return [...new Set(issues.map(describe))].join(', ');
}

/**
 * Checks a `GK_POLICY_SWITCHES` value exactly as the functions parse it at cold start, so a
 * deployment refuses a bad one when it is synthesised rather than when a function starts.
 */
export function checkPolicySwitches(json: string): void {
  const parsed = policySwitches.safeParse(json);
  if (!parsed.success) throw new ConfigError(`Invalid ${ENV.policySwitches}: ${namesOf(parsed.error.issues)}`);
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Parsed once per process: zod's JIT would compile a parser for this one call, which costs a cold
  // start about twice what the plain parse does (docs/benchmarks.md, bundles). Same checks either way.
  const parsed = environmentSchema.safeParse(env, { jitless: true });
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${namesOf(parsed.error.issues)}`);
  const e = parsed.data;
  return deepFreeze({
    deployment: e[ENV.deployment],
    audience: e[ENV.audience],
    ...splitSwitches(e[ENV.policySwitches]),
    signCheckpointsOnRead: e[ENV.signCheckpointsOnRead],
    tables: {
      registry: e[ENV.tableRegistry],
      replay: e[ENV.tableReplay],
      records: e[ENV.tableRecords],
      idempotency: e[ENV.tableIdempotency],
      audit: e[ENV.tableAudit],
      auditHeads: e[ENV.tableAuditHeads],
    },
    keys: {
      pseudonymPhin: { keyId: e[ENV.keyPseudonymPhin], version: e[ENV.keyPseudonymPhinVersion] },
      pseudonymAudit: { keyId: e[ENV.keyPseudonymAudit], version: e[ENV.keyPseudonymAuditVersion] },
      checkpoint: e[ENV.keyCheckpoint],
      authorisation: e[ENV.keyAuthorisation],
    },
    archive: {
      ...(e[ENV.archiveBucket] ? { bucket: e[ENV.archiveBucket] } : {}),
      ...(e[ENV.archiveDir] ? { dir: e[ENV.archiveDir] } : {}),
    },
  });
}

function splitSwitches(all: z.infer<typeof policySwitches>): Pick<Config, 'policySwitches' | 'swedishSwitches'> {
  const { [SE_PACK_ID]: swedish, ...uk } = all;
  return { policySwitches: uk, swedishSwitches: swedish ?? {} };
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
