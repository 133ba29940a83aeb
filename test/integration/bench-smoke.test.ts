/**
 * Smoke test of `npm run bench`: every suite runs end to end with tiny parameters against a real
 * local stack and prints its tables in the markdown docs/benchmarks.md uses. The figures are
 * meaningless at this size; only the shape is checked. It starts a stack of its own (DynamoDB
 * Local), so it is an integration test; the rendering is unit-tested in test/unit/bench/.
 */
import { describe, expect, it } from 'vitest';
import { parseOptions, runBench, SUITES } from '../../bench/run.ts';

describe('bench options', () => {
  it('parses --quick, --only and --markdown, and refuses an unknown suite', () => {
    // Act / Assess
    expect(parseOptions(['--quick', '--only', 'audit,signing', '--markdown'])).toMatchObject({
      mode: 'quick',
      only: ['audit', 'signing'],
      markdown: true,
    });
    expect(parseOptions([])).toMatchObject({ mode: 'full', markdown: false });
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/Unknown suite nope/);
  });
});

describe('npm run bench with tiny parameters', () => {
  it('runs every suite and prints a non-empty markdown table for each', { timeout: 120_000 }, async () => {
    // Prepare
    let output = '';
    // Act
    const tables = await runBench({ mode: 'tiny', markdown: true, argv: [], quiet: true }, (text) => {
      output += text;
    });
    // Assess
    expect(output).toMatch(/^\*\*Machine:\*\* \d+ × .+ · [\d.]+ GiB · Node v\d+/);
    for (const suite of SUITES) expect(output).toContain(`## ${suite.name}\n`);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      expect(table.rows.length, table.title).toBeGreaterThan(0);
      for (const row of table.rows) expect(row, table.title).toHaveLength(table.columns.length);
    }
  });
});
