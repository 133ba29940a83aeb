/** A result table, rendered for the terminal or as the markdown docs/benchmarks.md holds. */
export interface Table {
  /** Stable heading, e.g. `signing · verification cost (pure CPU)`. */
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** One line under the table: what is compared, and anything a reader must know to trust it. */
  readonly note?: string;
}

export function renderText(table: Table): string {
  const widths = table.columns.map((column, i) =>
    Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    table.title,
    line(table.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map(line),
    ...(table.note ? [`(${table.note})`] : []),
    '',
  ].join('\n');
}

export function renderMarkdown(table: Table): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `### ${table.title}`,
    '',
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    ...(table.note ? [table.note, ''] : []),
  ].join('\n');
}
