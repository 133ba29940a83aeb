/** A small RFC 4180 reader: header row, quoted fields with `""` escapes and embedded newlines. */
import { PhinInputError } from './errors.ts';

export interface CsvRecord {
  /** 1-based line where the row starts. */
  readonly line: number;
  /** Cells by header name; empty cells are absent. */
  readonly fields: Readonly<Record<string, string>>;
}

interface Row {
  readonly line: number;
  readonly cells: string[];
}

function rows(text: string): Row[] {
  const out: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') out.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    rowLine = line;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
      if (char === '\n') line += 1;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n') {
      line += 1;
      endRow();
    } else if (char !== '\r') cell += char;
  }
  if (quoted) throw new PhinInputError(`line ${rowLine}: unterminated quoted field`);
  if (cell !== '' || cells.length > 0) endRow();
  return out;
}

export function csvRecords(text: string): CsvRecord[] {
  const [header, ...body] = rows(text.replace(/^\uFEFF/u, ''));
  if (!header) throw new PhinInputError('the CSV has no header row');
  const names = header.cells.map((name) => name.trim());
  return body.map(({ line, cells }) => {
    if (cells.length !== names.length)
      throw new PhinInputError(`line ${line}: expected ${names.length} cells, found ${cells.length}`);
    const fields: Record<string, string> = {};
    names.forEach((name, index) => {
      const value = cells[index]!.trim();
      if (value !== '') fields[name] = value;
    });
    return { line, fields };
  });
}
