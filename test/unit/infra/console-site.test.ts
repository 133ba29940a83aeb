import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SECURITY_HEADERS } from '../../../infra/console/headers.ts';
import { consoleHandler, loadAssets } from '../../../infra/console/lambda-handler.ts';
import { writeConsoleAssets } from '../../../infra/console/write-assets.ts';
import { synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

type Resource = CfnResource & { Metadata?: Record<string, unknown> };

let stateless: Template;

beforeAll(() => {
  stateless = synthGatekeeper().statelessTemplate;
});

const consoleResources = (type: string) =>
  Object.values(stateless.toJSON()['Resources'] as Record<string, Resource>).filter(
    (r) => r.Type === type && String(r.Metadata?.['aws:cdk:path']).includes('/Console/'),
  );

describe('the console in AWS', () => {
  it('is served by the API itself at /console/ and /console/{file}, unsigned GETs only', () => {
    // Act
    // The methods live under the API's own resources; the console's are the ones named for it.
    const methods = Object.values(stateless.toJSON()['Resources'] as Record<string, Resource>).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && String(r.Properties?.['OperationName']).startsWith('getConsole'),
    );
    // Assess
    expect(methods.map((m) => [m.Properties!['HttpMethod'], m.Properties!['OperationName']]).sort()).toEqual([
      ['GET', 'getConsole'],
      ['GET', 'getConsoleFile'],
    ]);
    for (const method of methods) expect(method.Properties).toMatchObject({ Integration: { Type: 'AWS_PROXY' } });
  });

  it('runs a function that may write its own logs and nothing else: no table, key or secret', () => {
    // Act
    const [fn] = consoleResources('AWS::Lambda::Function');
    const policies = consoleResources('AWS::IAM::ManagedPolicy');
    const statements = policies.flatMap(
      (p) => (p.Properties!['PolicyDocument'] as { Statement: Array<{ Action: string | string[] }> }).Statement,
    );
    // Assess
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    // No variable at all: the console reads no configuration, and the bundle maps its own traces.
    expect(fn?.Properties!['Environment']).toBeUndefined();
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});

describe('the console function', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
    await writeConsoleAssets(dir, 'gatekeeper-test');
  });

  it('is bundled with the page, script, stylesheet, its configuration (no demo sign-in) and the pack', async () => {
    // Act
    const files = readdirSync(dir).sort();
    const serve = consoleHandler(loadAssets(dir));
    const config = await serve({ path: '/console/config.json', pathParameters: { file: 'config.json' } });
    // Assess
    expect(files).toEqual(['config.json', 'console.css', 'console.js', 'index.html', 'policy.json']);
    expect(JSON.parse(Buffer.from(config.body, 'base64').toString())).toEqual({
      audience: 'gatekeeper-test',
      localDemo: false,
      defaultOrg: '',
    });
  });

  it('answers every file, a missing one and the bare path with the security headers', async () => {
    // Prepare
    const serve = consoleHandler(loadAssets(dir));
    // Act
    const page = await serve({ path: '/console/', pathParameters: null });
    const script = await serve({ path: '/console/console.js', pathParameters: { file: 'console.js' } });
    const missing = await serve({ path: '/console/nope.js', pathParameters: { file: 'nope.js' } });
    const bare = await serve({ path: '/console', pathParameters: null });
    // Assess
    expect(page.statusCode).toBe(200);
    expect(Buffer.from(page.body, 'base64').toString()).toContain('<script type="module" src="console.js">');
    expect(script.headers?.['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(missing.statusCode).toBe(404);
    expect(bare).toMatchObject({ statusCode: 308, headers: { Location: '/console/' } });
    for (const answer of [page, script, missing, bare]) expect(answer.headers).toMatchObject(CONSOLE_SECURITY_HEADERS);
  });
});
