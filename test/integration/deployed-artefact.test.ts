/**
 * The deployed artefact is tested: each function's bundle, taken out of a synthesised cloud assembly
 * (esbuild, exactly as `cdk deploy` uploads it), runs alone in a temp folder under a Node process
 * that may read nothing else, with the template's environment. It answers one request each: health
 * 200, an unsigned request 401 problem+json for every API function, an empty archiver batch, and a
 * checkpointer run against the stack's DynamoDB Local and KMS. A missing dependency, an import the
 * bundler could not resolve, a variable the template forgets or a module-scope crash fails here.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES, ROUTES, type ApiFunctionId, type FunctionId } from '../../infra/routes.ts';
import { extractBundle, invokeBundle, resolvesFrom, type DeployedBundle } from '../support/lambda-bundles.ts';
import { stack } from '../support/stack.ts';
import { buildGatekeeper } from '../unit/infra/gatekeeper-app.ts';

const FUNCTION_IDS = Object.keys(FUNCTION_ENTRIES) as FunctionId[];
const API_FUNCTIONS = FUNCTION_IDS.filter((id): id is ApiFunctionId => ROUTES.some((route) => route.function === id));

const bundles = {} as Record<FunctionId, DeployedBundle>;
let unreachable: string;
let assemblyDir: string;
let bundlingMs: number;

beforeAll(async () => {
  const started = performance.now();
  // Bundling on: the one synthesis of this file builds every function with esbuild.
  assemblyDir = buildGatekeeper({ 'aws:cdk:bundling-stacks': ['**'] }).app.synth().directory;
  bundlingMs = performance.now() - started;
  for (const id of FUNCTION_IDS) bundles[id] = extractBundle(assemblyDir, id);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  unreachable = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await new Promise((resolve) => server.close(resolve));
}, 180_000);

afterAll(() => {
  for (const dir of [assemblyDir, ...Object.values(bundles).map((bundle) => bundle.dir)])
    if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Lambda's own variables, the template's (references bound to the local stack's values) and the AWS endpoints. */
function lambdaEnvironment(
  bundle: DeployedBundle,
  endpoints: { dynamoDb: string; kms: string },
): Record<string, string> {
  const local = stack().environment;
  const bound = Object.entries(bundle.environment).map(([name, value]) => {
    const binding = value ?? local[name] ?? (name === 'GK_ARCHIVE_BUCKET' ? 'gatekeeper-artefact-archive' : undefined);
    if (binding === undefined) throw new Error(`${name} is a reference the test cannot bind`);
    return [name, binding] as const;
  });
  return {
    TZ: ':UTC',
    HOME: bundle.dir,
    AWS_REGION: 'eu-west-2',
    AWS_DEFAULT_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: `artefact-${bundle.functionId}`,
    AWS_CONFIG_FILE: join(bundle.dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(bundle.dir, 'no-aws-credentials'),
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_KMS: endpoints.kms,
    AWS_ENDPOINT_URL_S3: unreachable,
    ...Object.fromEntries(bound),
  };
}

const offline = () => ({ dynamoDb: unreachable, kms: unreachable });

function proxyEvent(method: string, resource: string) {
  const path = resource.replace(/\{(\w+)\}/g, 'x-$1');
  return {
    resource,
    path,
    httpMethod: method,
    headers: { Accept: 'application/json' },
    multiValueHeaders: { Accept: ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'artefact',
      httpMethod: method,
      path,
      stage: 'live',
      requestId: 'artefact-request',
      requestTimeEpoch: Date.now(),
      resourcePath: resource,
      identity: { sourceIp: '127.0.0.1' },
    },
  };
}

describe('the deployed artefact of each function', () => {
  it('is self-contained: nothing resolves from its folder, and it is built in bounded time', () => {
    // Assess
    console.info(`Synthesis with esbuild bundling of ${FUNCTION_IDS.length} functions: ${Math.round(bundlingMs)} ms`);

    for (const bundle of Object.values(bundles)) {
      expect([
        bundle.handler,
        resolvesFrom(bundle.dir, '@aws-sdk/client-dynamodb'),
        resolvesFrom(bundle.dir, 'zod'),
      ]).toEqual(['index.handler', false, false]);
    }
    expect(bundlingMs).toBeLessThan(120_000);
  });

  it('stays within its size budget: no function carries the whole of zod or the SDK credential chain again', () => {
    // Act
    // 700 KB: each bundle is 420-655 KB with the SDK bundled (docs/benchmarks.md); all of zod
    // (`import { z }`, +350 KB), the default credential chain (+140 KB) or a second copy of the SDK
    // would go past it.
    const sizes = Object.fromEntries(
      Object.values(bundles).map((bundle) => [bundle.functionId, statSync(join(bundle.dir, 'index.mjs')).size]),
    );

    // Assess
    for (const [functionId, bytes] of Object.entries(sizes)) expect(bytes, functionId).toBeLessThan(700 * 1024);
  });

  it('carries the policy packs only in the functions that decide or register (disclosures, records)', () => {
    // Act
    const withPack = Object.values(bundles)
      .filter((bundle) => readFileSync(join(bundle.dir, 'index.mjs'), 'utf8').includes('"uk-default"'))
      .map((bundle) => bundle.functionId);

    // Assess
    expect(withPack.sort()).toEqual(['disclosures', 'records']);
  });

  it('carries the DynamoDB client only in the functions that call DynamoDB (not the archiver)', () => {
    // Act
    // The service's JSON target prefix is in the client's operation schemas, in no other module.
    const withDynamoDb = Object.values(bundles)
      .filter((bundle) => readFileSync(join(bundle.dir, 'index.mjs'), 'utf8').includes('DynamoDB_20120810'))
      .map((bundle) => bundle.functionId);

    // Assess
    expect(withDynamoDb.sort()).toEqual(FUNCTION_IDS.filter((id) => id !== 'archiver').sort());
  });

  it('takes node:http as CommonJS does: no bundle imports it as an ES module (~35 ms of each cold start)', () => {
    // Act
    const esImports = Object.values(bundles).filter((bundle) =>
      /\bfrom\s*["']node:http["']|\bimport\s*\(\s*["']node:http["']/.test(
        readFileSync(join(bundle.dir, 'index.mjs'), 'utf8'),
      ),
    );

    // Assess
    expect(esImports.map((bundle) => bundle.functionId)).toEqual([]);
  });

  it('maps its own stack traces: each bundle carries the injected mapping and its map, and no NODE_OPTIONS', () => {
    // Act / Assess
    for (const bundle of Object.values(bundles)) {
      const code = readFileSync(join(bundle.dir, 'index.mjs'), 'utf8');
      expect(
        [code.includes('Error.prepareStackTrace='), statSync(join(bundle.dir, 'index.mjs.map')).size > 0],
        bundle.functionId,
      ).toEqual([true, true]);
      expect(bundle.environment['NODE_OPTIONS'], bundle.functionId).toBeUndefined();
    }
  });

  it('public answers GET /v1/health 200 with no AWS endpoint reachable', async () => {
    // Act
    const answer = (await invokeBundle(
      bundles.public,
      proxyEvent('GET', '/v1/health'),
      lambdaEnvironment(bundles.public, offline()),
    )) as { statusCode: number; body: string };

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', version: expect.any(String) as unknown });
  });

  it.each(API_FUNCTIONS.filter((id) => id !== 'public'))(
    '%s answers an unsigned request 401 problem+json before any AWS call',
    async (functionId) => {
      // Prepare
      const route = ROUTES.find((candidate) => candidate.function === functionId)!;

      // Act
      const answer = (await invokeBundle(
        bundles[functionId],
        proxyEvent(route.method, route.path),
        lambdaEnvironment(bundles[functionId], offline()),
      )) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };

      // Assess
      expect(answer.statusCode).toBe(401);
      expect(answer.headers).toMatchObject({
        'Content-Type': 'application/problem+json',
        'WWW-Authenticate': 'Signature realm="gatekeeper"',
      });
      expect(JSON.parse(answer.body)).toMatchObject({
        type: expect.stringContaining('signature_missing') as unknown,
        title: 'Signature missing',
        status: 401,
        code: 'signature_missing',
        detail: expect.any(String) as unknown,
        requestId: expect.any(String) as unknown,
      });
    },
  );

  it('archiver answers an empty batch with no failures', async () => {
    // Act
    const answer = await invokeBundle(
      bundles.archiver,
      { Records: [] },
      lambdaEnvironment(bundles.archiver, offline()),
    );

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
  });

  it('takes AWS credentials from the environment only: without them it fails, never reading a profile on disk', async () => {
    // Prepare
    // The SDK's default chain would sign with this profile (DynamoDB Local takes any key) and run.
    const { dynamoDbEndpoint, kmsUrl } = stack();
    const bundle = bundles.checkpointer;
    const credentialsFile = join(bundle.dir, 'aws-credentials');
    writeFileSync(credentialsFile, '[on-disk]\naws_access_key_id = local\naws_secret_access_key = local\n');
    const {
      AWS_ACCESS_KEY_ID: _key,
      AWS_SECRET_ACCESS_KEY: _secret,
      ...withoutCredentials
    } = lambdaEnvironment(bundle, { dynamoDb: dynamoDbEndpoint, kms: kmsUrl });

    // Act
    const run = invokeBundle(
      bundle,
      {},
      {
        ...withoutCredentials,
        AWS_PROFILE: 'on-disk',
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      },
    );

    // Assess
    await expect(run).rejects.toThrow(/CredentialsProviderError|environment variable credentials/);
  });

  it('checkpointer runs against the local DynamoDB and KMS and refuses no log', async () => {
    // Prepare
    const { dynamoDbEndpoint, kmsUrl } = stack();

    // Act
    const run = (await invokeBundle(
      bundles.checkpointer,
      {},
      lambdaEnvironment(bundles.checkpointer, { dynamoDb: dynamoDbEndpoint, kms: kmsUrl }),
    )) as {
      signed: unknown[];
      unchanged: number;
      refused: string[];
    };

    // Assess
    expect(run.refused).toEqual([]);
    expect(run.signed.length + run.unchanged).toBeGreaterThan(0);
  });
});
