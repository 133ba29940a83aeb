/**
 * Smoke test of `npm run bench`: every suite runs end to end with tiny parameters against a real
 * local stack and prints its tables in the markdown docs/benchmarks.md uses. The figures are
 * meaningless at this size; only the shape is checked.
 */
import { describe, expect, it } from 'vitest';
import { parseOptions, runBench, SUITES } from '../../../bench/run.ts';
import { renderMarkdown, renderText } from '../../../bench/lib/table.ts';
import { summarise } from '../../../bench/lib/stats.ts';

describe('bench options and rendering', () => {
  it('parses --quick, --only and --markdown, and refuses an unknown suite', () => {
    expect(parseOptions(['--quick', '--only', 'audit,signing', '--markdown'])).toMatchObject({
      mode: 'quick',
      only: ['audit', 'signing'],
      markdown: true,
    });
    expect(parseOptions([])).toMatchObject({ mode: 'full', markdown: false });
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/Unknown suite nope/);
  });

  it('summarises with nearest-rank percentiles', () => {
    const summary = summarise(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(summary).toMatchObject({ n: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(summarise([]).n).toBe(0);
  });

  it('renders a table as aligned text and as a markdown table with a note', () => {
    const table = { title: 't', columns: ['what', 'n'], rows: [['a|b', '1']], note: 'why' };
    expect(renderMarkdown(table)).toBe('### t\n\n| what | n |\n| --- | ---: |\n| a\\|b | 1 |\n\nwhy\n');
    expect(renderText(table)).toMatch(/^a\|b +1$/m);
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
