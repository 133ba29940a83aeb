/**
 * Grants match the code: every AWS call each function's handler makes, recorded while the real
 * handlers serve one pass over every route family (plus the checkpointer and the archiver), must be
 * allowed by that function's IAM statements in the synthesised templates. A call the role would be
 * refused in AWS (AccessDenied, so a 503 or a failed run) fails here, naming the function, action
 * and resource. The handlers run in this worker, on the stack's DynamoDB Local and KMS, configured
 * as in AWS (the pack's own switches, no signing on read, an S3 bucket whose endpoint is a closed loopback port).
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHttpServer, type ApiHandler } from '../../infra/local/http-server.ts';
import { FUNCTION_ENTRIES, type ApiFunctionId, type FunctionId } from '../../infra/routes.ts';
import { installAwsCallRecorder, recordedCalls, runAs, type AwsCall } from '../support/aws-calls.ts';
import { patientLogOrigin, orgLogOrigin } from '../../shared/services/audit-entries.ts';
import { driveEveryFunction, type WorkloadResult } from '../support/grants-workload.ts';
import { isAllowed, unusedGrants } from '../support/iam-evaluate.ts';
import { DeployedGrants, deployedResource } from '../support/iam-grants.ts';
import { stack } from '../support/stack.ts';
import { synthGatekeeper } from '../unit/infra/gatekeeper-app.ts';

const REPO_ROOT = join(import.meta.dirname, '../..');
const FUNCTION_IDS = Object.keys(FUNCTION_ENTRIES) as FunctionId[];

let workload: WorkloadResult;
let calls: readonly AwsCall[];
let deployed: DeployedGrants;
const env: Record<string, string | undefined> = {};
let close: () => Promise<void> = () => Promise.resolve();

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const { environment, dynamoDbEndpoint, kmsUrl } = stack();
  Object.assign(env, environment, {
    // As deployed: the pack's own switches, and no signing on read.
    GK_POLICY_SWITCHES: undefined,
    GK_SIGN_CHECKPOINTS_ON_READ: undefined,
    GK_ARCHIVE_DIR: undefined,
    GK_ARCHIVE_BUCKET: 'gatekeeper-grants-archive',
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_KMS: kmsUrl,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await closedLoopbackPort()}`,
  });
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  installAwsCallRecorder();
  const handlers: Record<string, unknown> = {};
  for (const id of FUNCTION_IDS) {
    // A module graph of its own per function, as each Lambda has its own process: no cache (heads,
    // public keys, org records) filled by one function can hide a call another function makes.
    vi.resetModules();
    handlers[id] = (
      (await import(pathToFileURL(join(REPO_ROOT, FUNCTION_ENTRIES[id])).href)) as { handler: unknown }
    ).handler;
  }
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    handlers: handlers as Record<ApiFunctionId, ApiHandler>,
    invoke: runAs,
  });
  close = http.close;
  workload = await driveEveryFunction({
    url: http.url,
    audience: environment['GK_AUDIENCE']!,
    deployment: environment['GK_DEPLOYMENT']!,
    env,
    checkpointer: handlers['checkpointer'] as () => Promise<unknown>,
    archiver: handlers['archiver'] as (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
  });
  calls = recordedCalls().filter((call) => call.functionId !== undefined);
  const { app, statefulTemplate, statelessTemplate } = synthGatekeeper();
  deployed = new DeployedGrants([statefulTemplate.toJSON(), statelessTemplate.toJSON()]);
  rmSync(app.outdir, { recursive: true, force: true });
}, 180_000);

afterAll(() => close());

describe('the grants of each function match the AWS calls its code makes', () => {
  it('ran every route family: each answered as a served request, and the S3 write failed only for want of a bucket', () => {
    // Act
    const failed = Object.entries(workload.statuses).filter(
      ([route, status]) => route !== 'archiver failures' && status !== 200,
    );

    // Assess
    expect(failed).toEqual([]);
    expect(workload.statuses['archiver failures']).toBe(1);
  });

  it("lists, as in AWS, the checkpoints of exactly the org's logs that exist: its org log and the one patient log written", () => {
    // Prepare
    const { org, patientId, checkpoints } = workload;
    const deployment = env['GK_DEPLOYMENT']!;
    const expected = [orgLogOrigin(deployment, org), patientLogOrigin(deployment, org, patientId, 2)].sort();

    // Assess
    expect(checkpoints.checkpoints.map((checkpoint) => checkpoint.origin).sort()).toEqual(expected);
    expect(checkpoints.vkeys.map((vkey) => vkey.split('+')[0]).sort()).toEqual(expected);
  });

  it('recorded AWS calls from every function', () => {
    // Act
    const silent = FUNCTION_IDS.filter((id) => !calls.some((call) => call.functionId === id));

    // Assess
    expect(silent).toEqual([]);
  });

  it("finds every recorded (action, resource) allowed by the calling function's role in the templates", () => {
    // Act
    const refused = calls.flatMap((call) => {
      const fn = deployed.function(call.functionId!);
      const resource = deployedResource(call.resource, env, fn);
      return isAllowed(fn.grants, call.action, resource, call.context)
        ? []
        : [`${call.functionId}: ${call.action} on ${resource} ${JSON.stringify(call.context)} (${call.operation})`];
    });

    // Assess
    expect([...new Set(refused)]).toEqual([]);
  });

  it('reports the grants no call of the run used (code-level actions only)', () => {
    // Act
    const report = FUNCTION_IDS.flatMap((id) => {
      const fn = deployed.function(id);
      const used = calls
        .filter((call) => call.functionId === id)
        .map((call) => ({ action: call.action, resource: deployedResource(call.resource, env, fn) }));
      const codeGrants = fn.grants.filter((grant) =>
        grant.actions.every((action) => /^(dynamodb|kms|s3):/.test(action)),
      );
      return unusedGrants(codeGrants, used).map((line) => `${id} ${line}`);
    });

    // Assess
    // Informational: some grants serve paths one pass does not take (retries, conflicts) or the platform (stream reads).
    console.info(`Grants no call of this run used:\n  ${report.join('\n  ')}`);
    expect(report.every((line) => !line.includes('dynamodb:Scan'))).toBe(true);
  });
});
