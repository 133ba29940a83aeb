/**
 * Runs a function's deployed artefact the way Lambda does: the bundle out of the cloud assembly,
 * alone in a temp folder (no node_modules anywhere up its tree), imported as `index.handler` by a
 * fresh Node process that may read nothing but that folder (Node's permission model), with the
 * environment the template gives the function.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FunctionId } from '../../infra/routes.ts';

type Json = Record<string, unknown>;

export interface DeployedBundle {
  readonly functionId: FunctionId;
  /** The isolated copy of the asset folder. */
  readonly dir: string;
  readonly handler: string;
  /** The template's variables: literals as deployed, references left as `undefined` for the caller to bind. */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

const run = promisify(execFile);

/** Copies each function's asset folder out of the assembly into a temp folder of its own. */
export function extractBundle(assemblyDir: string, functionId: FunctionId): DeployedBundle {
  const template = JSON.parse(readFileSync(join(assemblyDir, 'Stateless.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Json; Properties: Json }>;
  };
  const assets = JSON.parse(readFileSync(join(assemblyDir, 'Stateless.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  const lambda = Object.values(template.Resources).find(
    (resource) => resource.Metadata?.['aws:cdk:path'] === `Stateless/Functions/${functionId}/Function/Resource`,
  );
  if (!lambda) throw new Error(`No function ${functionId} in the template`);
  const hash = String((lambda.Properties['Code'] as Json)['S3Key']).replace(/\.zip$/, '');
  const dir = mkdtempSync(join(tmpdir(), `gk-artefact-${functionId}-`));
  cpSync(join(assemblyDir, assets.files[hash]!.source.path), dir, { recursive: true });
  const variables = ((lambda.Properties['Environment'] as Json | undefined)?.['Variables'] ?? {}) as Json;
  const environment = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : undefined]),
  );
  return { functionId, dir, handler: String(lambda.Properties['Handler']), environment };
}

/** Whether `specifier` resolves from the bundle's folder (it must not: the bundle carries its dependencies). */
export function resolvesFrom(dir: string, specifier: string): boolean {
  try {
    createRequire(join(dir, 'index.mjs')).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

const RUNNER = `
import { readFileSync } from 'node:fs';
const [module, exported] = process.env.GK_TEST_HANDLER.split('.');
const event = JSON.parse(readFileSync(new URL('./event.json', import.meta.url), 'utf8'));
const context = { awsRequestId: 'artefact-test', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => 10000 };
const handler = (await import('./' + module + '.mjs'))[exported];
const result = await handler(event, context);
process.stdout.write('\\nGK-RESULT ' + JSON.stringify(result) + '\\n');
`;

/**
 * Invokes the bundle once in its own Node process, which may read only the bundle's folder, and
 * returns what the handler returned. `environment` is the complete environment of the process.
 */
export async function invokeBundle(
  bundle: DeployedBundle,
  event: unknown,
  environment: Readonly<Record<string, string>>,
): Promise<unknown> {
  writeFileSync(join(bundle.dir, 'event.json'), JSON.stringify(event));
  writeFileSync(join(bundle.dir, 'gk-runner.mjs'), RUNNER);
  const { stdout } = await run(
    process.execPath,
    ['--permission', `--allow-fs-read=${bundle.dir}`, join(bundle.dir, 'gk-runner.mjs')],
    {
      cwd: bundle.dir,
      env: { ...environment, GK_TEST_HANDLER: bundle.handler },
      timeout: 30_000,
    },
  );
  const line = stdout.split('\n').find((text) => text.startsWith('GK-RESULT '));
  if (!line) throw new Error(`The handler returned nothing; output: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice('GK-RESULT '.length)) as unknown;
}
