import { Duration, Validations, aws_iam as iam } from 'aws-cdk-lib';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FUNCTION_ENTRIES } from '../routes.ts';
import type { FunctionId } from '../routes.ts';
import { functionStatements } from './function-permissions.ts';
import type { PermissionTargets } from './function-permissions.ts';
import { GatekeeperFunction } from './gatekeeper-function.ts';
import type { AsyncInvokePolicy } from './gatekeeper-function.ts';

interface Sizing {
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrentExecutions?: number;
  readonly asyncInvoke?: AsyncInvokePolicy;
}

// API functions stop before API Gateway's 29 s integration limit; batches of disclosures need the most.
const SIZING: Readonly<Record<FunctionId, Sizing>> = {
  public: { memorySize: 256, timeout: Duration.seconds(10) },
  admin: { memorySize: 512, timeout: Duration.seconds(28) },
  records: { memorySize: 1024, timeout: Duration.seconds(28) },
  disclosures: { memorySize: 1024, timeout: Duration.seconds(28) },
  auditRead: { memorySize: 1024, timeout: Duration.seconds(28) },
  // One signer at a time: two concurrent runs could race to sign different sizes of one log.
  // Lambda's own async queue would retry a failed run twice and hold throttled events for up to
  // 6 h, piling stale runs behind the single slot: a run is superseded by the next a minute later.
  checkpointer: {
    memorySize: 512,
    timeout: Duration.seconds(55),
    reservedConcurrentExecutions: 1,
    asyncInvoke: { retryAttempts: 0, maxEventAge: Duration.minutes(2) },
  },
  archiver: { memorySize: 512, timeout: Duration.seconds(60) },
};

export interface GatekeeperFunctionsProps {
  readonly roles: Readonly<Record<FunctionId, iam.IRole>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly dataKey: kms.IKey;
  readonly targets: PermissionTargets;
}

/** The seven functions, each with exactly the managed policy of the grant table. */
export class GatekeeperFunctions extends Construct {
  readonly functions: Readonly<Record<FunctionId, GatekeeperFunction>>;

  constructor(scope: Construct, id: string, props: GatekeeperFunctionsProps) {
    super(scope, id);
    const built = {} as Record<FunctionId, GatekeeperFunction>;
    for (const functionId of Object.keys(FUNCTION_ENTRIES) as FunctionId[]) {
      built[functionId] = this.buildFunction(functionId, props);
    }
    this.functions = Object.freeze(built);
  }

  private buildFunction(functionId: FunctionId, props: GatekeeperFunctionsProps): GatekeeperFunction {
    const role = props.roles[functionId];
    const fn = new GatekeeperFunction(this, functionId, {
      functionId,
      roleArn: role.roleArn,
      environment: props.environment,
      logKey: props.dataKey,
      ...SIZING[functionId],
    });
    // A managed policy, not an inline one, so the grant table is one reviewable document per function.
    const policy = new iam.ManagedPolicy(this, `${functionId}Policy`, {
      description: `Least privilege of the ${functionId} function`,
      roles: [role],
      statements: [
        ...GatekeeperFunction.runtimeStatements(fn.logGroup),
        ...functionStatements(this, functionId, props.targets),
      ],
    });
    // The function must not start (or an event source map to it) before its permissions exist.
    fn.function.node.addDependency(policy);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions; this is the only wildcard resource.',
    });
    acknowledgeFunctionFindings(fn, functionId);
    return fn;
  }
}

const DLQ_REASON: Readonly<Record<FunctionId, string>> = {
  public:
    'Invoked synchronously by API Gateway; a failure is returned to the caller, there is no event to dead-letter.',
  admin: 'Invoked synchronously by API Gateway; a failure is returned to the caller, there is no event to dead-letter.',
  records:
    'Invoked synchronously by API Gateway; a failure is returned to the caller, there is no event to dead-letter.',
  disclosures:
    'Invoked synchronously by API Gateway; a failure is returned to the caller (fail closed), there is no event to dead-letter.',
  auditRead:
    'Invoked synchronously by API Gateway; a failure is returned to the caller, there is no event to dead-letter.',
  checkpointer:
    'The schedule event carries no data: a failed run is superseded by the next run a minute later, and failures alarm.',
  archiver:
    'Invoked by a stream event source mapping, whose on-failure destination (an encrypted SQS queue) is the dead-letter path.',
};

function acknowledgeFunctionFindings(fn: GatekeeperFunction, functionId: FunctionId): void {
  const validations = Validations.of(fn.function);
  validations.acknowledge(
    { id: 'HIPAA.Security-LambdaDLQ', reason: DLQ_REASON[functionId] },
    {
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'The functions reach only AWS APIs (DynamoDB, KMS, S3, SQS) over TLS with IAM-signed requests and hold no network-reachable resources; a VPC would add NAT or endpoints without a boundary that protects anything.',
    },
  );
  if (SIZING[functionId].reservedConcurrentExecutions !== undefined) return;
  validations.acknowledge({
    id: 'HIPAA.Security-LambdaConcurrency',
    reason:
      functionId === 'archiver'
        ? 'Concurrency is bounded by the audit stream: one batch per shard at parallelization factor 1.'
        : 'Bounded by the API stage throttle (rate and burst); per-function reservations would starve the other functions of the account pool.',
  });
}
