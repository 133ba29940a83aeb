/**
 * Records every AWS operation the code in this process makes, with the resource it names and the
 * Lambda function (capability) whose handler was executing it, so a test can hold each call against
 * that function's IAM grants. An SDK middleware (initialize step, so one record per `send`, not per
 * retry) is added to every client's stack on its first send; which function is executing comes from
 * an AsyncLocalStorage the test sets around each handler invocation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@smithy/core/client';
import type { FunctionId } from '../../infra/routes.ts';

/** What an IAM policy authorises: the action and the resource it is evaluated on. */
export type AwsResource =
  | { readonly kind: 'table'; readonly table: string; readonly index?: string }
  | { readonly kind: 'key'; readonly keyId: string }
  | { readonly kind: 'object'; readonly bucket: string; readonly key: string };

export interface AwsCall {
  /** Undefined when no handler was executing (test fixtures, seeding). */
  readonly functionId: FunctionId | undefined;
  /** The SDK operation, e.g. TransactWriteItems. */
  readonly operation: string;
  /** The IAM action it needs on `resource`, e.g. dynamodb:ConditionCheckItem for one item of a transaction. */
  readonly action: string;
  readonly resource: AwsResource;
  /** Condition keys the request sets, e.g. kms:SigningAlgorithm, as key policies test them. */
  readonly context: Readonly<Record<string, string>>;
}

type Input = Record<string, unknown>;

const executing = new AsyncLocalStorage<FunctionId>();
const recorded: AwsCall[] = [];
let installed = false;

/** Runs `work` as function `functionId`: every AWS call it makes is attributed to that function. */
export function runAs<T>(functionId: FunctionId, work: () => Promise<T>): Promise<T> {
  return executing.run(functionId, work);
}

export function recordedCalls(): readonly AwsCall[] {
  return recorded;
}

/** Adds the recording middleware to every SDK client of this process (idempotent). */
export function installAwsCallRecorder(): void {
  if (installed) return;
  installed = true;
  const withStack = new WeakSet<object>();
  const send = Client.prototype.send as (this: Client<never, never, never, never>, ...args: unknown[]) => unknown;
  Client.prototype.send = function (this: Client<never, never, never, never>, ...args: unknown[]) {
    // A document client shares its stack with the DynamoDB client under it: add the middleware once.
    if (!withStack.has(this.middlewareStack)) {
      withStack.add(this.middlewareStack);
      this.middlewareStack.add(
        (next, context) => (args) => {
          const functionId = executing.getStore();
          const service = String(context.clientName).replace(/Client$/, '');
          const operation = String(context.commandName).replace(/Command$/, '');
          for (const { action, resource, context: keys } of authorisedParts(service, operation, args.input)) {
            recorded.push({ functionId, operation, action, resource, context: keys });
          }
          return next(args);
        },
        { step: 'initialize', name: 'gatekeeperRecordAwsCall', override: true },
      );
    }
    return send.apply(this, args);
  } as typeof Client.prototype.send;
}

/** The (action, resource) pairs IAM evaluates for one operation. */
type Part = { action: string; resource: AwsResource; context: Record<string, string> };

/** KMS request parameters that key policies test as condition keys. */
const KMS_CONDITION_KEYS: Readonly<Record<string, string>> = {
  MacAlgorithm: 'kms:MacAlgorithm',
  SigningAlgorithm: 'kms:SigningAlgorithm',
  MessageType: 'kms:MessageType',
};

export function authorisedParts(service: string, operation: string, input: Input): Part[] {
  switch (service) {
    case 'DynamoDB':
      return dynamoDbParts(operation, input).map((part) => ({ ...part, context: {} }));
    case 'KMS': {
      const context = Object.fromEntries(
        Object.entries(KMS_CONDITION_KEYS).flatMap(([parameter, key]) =>
          typeof input[parameter] === 'string' ? [[key, input[parameter]]] : [],
        ),
      );
      return [{ action: `kms:${operation}`, resource: { kind: 'key', keyId: String(input['KeyId']) }, context }];
    }
    case 'S3': {
      // HeadObject is authorised by s3:GetObject.
      const action = operation === 'HeadObject' ? 's3:GetObject' : `s3:${operation}`;
      return [
        {
          action,
          resource: { kind: 'object', bucket: String(input['Bucket']), key: String(input['Key']) },
          context: {},
        },
      ];
    }
    default:
      throw new Error(`No IAM mapping for ${service}:${operation}; add one before the code calls it`);
  }
}

const TRANSACT_ACTIONS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

function dynamoDbParts(operation: string, input: Input): Array<{ action: string; resource: AwsResource }> {
  const table = (name: unknown, index?: unknown): AwsResource => ({
    kind: 'table',
    table: String(name),
    ...(typeof index === 'string' ? { index } : {}),
  });
  switch (operation) {
    // Transactions have no action of their own: IAM checks each item's action on its table.
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (input['TransactItems'] as Input[]).flatMap((item) =>
        Object.entries(item).map(([kind, part]) => ({
          action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`,
          resource: table((part as Input)['TableName']),
        })),
      );
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(input['RequestItems'] as Input).map((name) => ({
        action: `dynamodb:${operation}`,
        resource: table(name),
      }));
    default:
      return [{ action: `dynamodb:${operation}`, resource: table(input['TableName'], input['IndexName']) }];
  }
}
