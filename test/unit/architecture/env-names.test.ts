/**
 * Environment variable names are written once, in shared/config/environment.ts (`ENV`): the config
 * parser, the CDK stack, the local stack, the CLI and the bench use its constants, so a renamed
 * variable cannot leave one of them reading a name nobody sets. A string literal spelling a `GK_`
 * name anywhere else in deployed, operator or bench code is a second copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../../shared/config/environment.ts';
import { REPO_ROOT, sourcesUnder } from './import-rules.ts';

const THE_MODULE = 'shared/config/environment.ts';
const GK_NAME = /\bGK_[A-Z0-9_]+/g;

/**
 * Every `GK_` name spelled inside a string or template literal of `source`, or as a bare property
 * name (`{ GK_AUDIENCE: ... }` builds an environment as surely as a quoted key); comments do not count.
 */
function namesInLiterals(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      found.push(...(node.text.match(GK_NAME) ?? []));
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name))
      found.push(...(node.name.text.match(GK_NAME) ?? []));
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

describe('environment variable names', () => {
  it('are spelled only in the ENV module: shared/, functions/, infra/, cli/ and bench/ use its constants', () => {
    // Prepare
    const files = ['shared', 'functions', 'infra', 'cli', 'bench']
      .flatMap((folder) => sourcesUnder(REPO_ROOT, folder))
      .filter((file) => file !== THE_MODULE);

    // Act
    const copies = files.flatMap((file) =>
      namesInLiterals(file, readFileSync(join(REPO_ROOT, file), 'utf8')).map((name) => `${file}: ${name}`),
    );

    // Assess
    expect(files.length).toBeGreaterThan(300);
    expect(copies).toEqual([]);
  });

  it('catches a planted copy in a string, a template or a property name, and ignores one in a comment', () => {
    // Act
    const planted = namesInLiterals(
      'cli/x.ts',
      "// GK_IN_A_COMMENT\nconst a = process.env['GK_TABLE_AUDIT'];\nconst b = `env: GK_DEPLOYMENT, ${a}, GK_AUDIENCE`;\nconst c = { GK_ARCHIVE_BUCKET: a };",
    );

    // Assess
    expect(planted).toEqual(['GK_TABLE_AUDIT', 'GK_DEPLOYMENT', 'GK_AUDIENCE', 'GK_ARCHIVE_BUCKET']);
  });

  it('names each variable once in the module', () => {
    // Act
    const names = Object.values(ENV);

    // Assess
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^GK_[A-Z0-9_]+$/);
  });
});
