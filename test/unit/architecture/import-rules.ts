/**
 * The architecture rules as data, and a checker over the import graph (every static, type-only,
 * re-export and dynamic import), resolved to repository paths so `../` depth cannot hide a
 * violation. eslint.config.js states the same rules for the editor; this is the check that
 * resolves paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the repository root, `/`-separated. */
  readonly from: string;
  /** A repository path for a relative import, else the package specifier as written. */
  readonly to: string;
}

export interface ImportRule {
  readonly name: string;
  readonly appliesTo: (file: string) => boolean;
  readonly forbids: (target: string) => boolean;
}

const under =
  (...folders: string[]) =>
  (path: string) =>
    folders.some((folder) => path.startsWith(`${folder}/`));
const isPackage =
  (...prefixes: string[]) =>
  (target: string) =>
    prefixes.some((prefix) => target === prefix || target.startsWith(`${prefix}/`));
const inDomain = (file: string) => file.startsWith('shared/') && !file.startsWith('shared/adapters/');

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    name: 'shared/ imports nothing from infra/ or functions/',
    appliesTo: under('shared'),
    forbids: under('infra', 'functions', 'cli', 'bench', 'test', 'local-kms'),
  },
  { name: 'shared/ uses no CDK', appliesTo: under('shared'), forbids: isPackage('aws-cdk-lib', 'constructs') },
  {
    name: 'the domain imports no AWS SDK, middy, Powertools or Lambda types',
    appliesTo: inDomain,
    forbids: isPackage('@aws-sdk', '@smithy', '@middy', '@aws-lambda-powertools', 'aws-lambda'),
  },
  { name: 'the domain depends on ports, not adapters', appliesTo: inDomain, forbids: under('shared/adapters') },
  {
    name: 'nothing deployed imports the local KMS endpoint',
    appliesTo: (file) => under('shared', 'functions', 'infra')(file) && !file.startsWith('infra/local/'),
    forbids: under('local-kms'),
  },
  {
    // shared/phin/ is the PHIN submission job's client side (files, resume state, the CLI's batches);
    // the server's part of PHIN (re-identification) is a service like any other.
    name: 'nothing deployed imports the PHIN submission job',
    appliesTo: (file) =>
      under('functions', 'infra')(file) || (file.startsWith('shared/') && !file.startsWith('shared/phin/')),
    forbids: under('shared/phin'),
  },
  {
    name: 'the local KMS endpoint stands alone: it imports nothing of the gatekeeper',
    appliesTo: under('local-kms'),
    forbids: under('shared', 'functions', 'infra', 'cli', 'bench', 'test'),
  },
];

export function importsOf(file: string, source: string): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map(({ fileName }) => ({
    from: file,
    to: fileName.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), fileName)) : fileName,
  }));
}

/** Every edge that breaks a rule, with the rule it breaks. */
export function violations(
  edges: readonly ImportEdge[],
  rules: readonly ImportRule[] = IMPORT_RULES,
): Array<ImportEdge & { rule: string }> {
  return edges.flatMap((edge) =>
    rules
      .filter((rule) => rule.appliesTo(edge.from) && rule.forbids(edge.to))
      .map((rule) => ({ ...edge, rule: rule.name })),
  );
}

/** The TypeScript sources under `folder`, as repository paths. */
export function sourcesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) =>
      relative(root, join(root, folder, name))
        .split('\\')
        .join('/'),
    );
}

export function importGraph(root: string, folders: readonly string[]): ImportEdge[] {
  return folders
    .flatMap((folder) => sourcesUnder(root, folder))
    .flatMap((file) => importsOf(file, readFileSync(join(root, file), 'utf8')));
}

export const REPO_ROOT = join(dirname(new URL(import.meta.url).pathname), '../../..');
