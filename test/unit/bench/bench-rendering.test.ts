/** The bench's statistics and tables, apart from running it (test/integration/bench-smoke.test.ts). */
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '../../../bench/lib/table.ts';
import { summarise } from '../../../bench/lib/stats.ts';

describe('bench rendering', () => {
  it('summarises with nearest-rank percentiles', () => {
    // Act
    const summary = summarise(Array.from({ length: 100 }, (_, i) => i + 1));

    // Assess
    expect(summary).toMatchObject({ n: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(summarise([]).n).toBe(0);
  });

  it('renders a table as aligned text and as a markdown table with a note', () => {
    // Prepare
    const table = { title: 't', columns: ['what', 'n'], rows: [['a|b', '1']], note: 'why' };

    // Act
    const markdown = renderMarkdown(table);
    const text = renderText(table);

    // Assess
    expect(markdown).toBe('### t\n\n| what | n |\n| --- | ---: |\n| a\\|b | 1 |\n\nwhy\n');
    expect(text).toMatch(/^a\|b +1$/m);
  });
});
