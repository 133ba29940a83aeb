/**
 * Tests read Prepare / Act / Assess (docs/architecture.md "The tests"): every test whose body is a
 * block marks its phases with `// Prepare`, `// Act` or `// Assess` comments (`// Act / Assess`
 * where the action is the assertion). A one-expression test is its own Act / Assess. Tests written
 * before the habit were counted per file below, as a ceiling: a new unmarked test fails here, and a
 * file whose tests got their marks lowered its count (or left the list) in the same change. Every
 * such file has been marked since, so the list is empty and any unmarked block-bodied test fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourcesUnder } from './import-rules.ts';

/** Unmarked tests allowed per file: only ever lowered, now empty (kept so the check reads the same). */
const UNMARKED_CEILING: Readonly<Record<string, number>> = {};

const PHASE_MARK = /\/\/ (Prepare|Act|Assess)\b/u;
const TEST_CALL = /^(it|test)(\.(each|for|only|skip|concurrent|skipIf\(.*\)|runIf\(.*\)))*$/su;

/** How many tests of `source` have a block body without a phase mark. */
export function unmarkedTests(file: string, source: string): number {
  let unmarked = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTestCall(node)) {
      const body = node.arguments.find((arg) => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg));
      if (body && ts.isBlock(body.body) && !PHASE_MARK.test(body.body.getFullText())) unmarked += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return unmarked;
}

function isTestCall(call: ts.CallExpression): boolean {
  // `it.each(table)(name, fn)` calls the result of `it.each(table)`.
  const callee = ts.isCallExpression(call.expression) ? call.expression.expression : call.expression;
  return TEST_CALL.test(callee.getText());
}

describe('Prepare / Act / Assess', () => {
  it('no test file has more unmarked tests than its ceiling (none for a file not listed)', () => {
    // Prepare
    const files = ['test/unit', 'test/integration']
      .flatMap((folder) => sourcesUnder(REPO_ROOT, folder))
      .filter((file) => file.endsWith('.test.ts'));

    // Act
    const over = files
      .map((file) => ({ file, unmarked: unmarkedTests(file, readFileSync(join(REPO_ROOT, file), 'utf8')) }))
      .filter(({ file, unmarked }) => unmarked > (UNMARKED_CEILING[file] ?? 0));

    // Assess
    expect(files.length).toBeGreaterThan(200);
    expect(over).toEqual([]);
  });

  it('counts a block-bodied test without marks, in it, it.each and test, and passes a marked or one-expression one', () => {
    // Prepare
    const source = [
      "it('a', () => { const x = 1; expect(x).toBe(1); });",
      "it.each([1])('b %s', async (n) => { expect(n).toBe(1); });",
      "test('c', function () { expect(1).toBe(1); });",
      "it('d', () => {\n  // Act\n  const x = 1;\n\n  // Assess\n  expect(x).toBe(1);\n});",
      "it('e', () => expect(1).toBe(1));",
      "describe('f', () => { const y = 2; });",
    ].join('\n');

    // Act
    const unmarked = unmarkedTests('test/unit/x.test.ts', source);

    // Assess
    expect(unmarked).toBe(3);
  });
});
