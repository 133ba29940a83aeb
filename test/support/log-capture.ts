/**
 * TESTS ONLY. Keeps every byte this process writes (Powertools loggers write JSON lines to stdout
 * and stderr; the local KMS endpoint and the checkpoint timer use console) without printing it,
 * alongside output handed in from other processes (gatekeeper API processes, DynamoDB Local), and
 * scans all of it for the identifiers, names and payload values a test used.
 */
export type LogSource = string;

export interface LogCapture {
  add(source: LogSource, text: string): void;
  /** Every captured chunk, by where it came from. */
  chunks(): ReadonlyArray<{ readonly source: LogSource; readonly text: string }>;
  restore(): void;
}

/** Bounds memory on a long run; a soak at DEBUG writes far less than this. */
const MAX_CHUNKS = 500_000;

export function captureProcessOutput(): LogCapture {
  const chunks: Array<{ source: LogSource; text: string }> = [];
  const restore: Array<() => void> = [];
  const add = (source: LogSource, text: string) => {
    if (chunks.length < MAX_CHUNKS) chunks.push({ source, text });
  };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      add('this process', typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      (rest.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
      return true;
    };
    restore.push(() => {
      stream.write = original;
    });
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) =>
      add('this process', args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    restore.push(() => {
      console[level] = original;
    });
  }
  return {
    add,
    chunks: () => chunks,
    restore: () => {
      for (const undo of restore.splice(0).reverse()) undo();
    },
  };
}

export interface LogHit {
  readonly source: LogSource;
  readonly marker: string;
  /** The line around the hit, cut short; shown only when a test fails. */
  readonly excerpt: string;
}

const ID_SHAPED = /^[A-Za-z0-9._~-]+$/u;
const TOKENS = /[A-Za-z0-9._~-]+/gu;
const SEPARATORS = new Set(['.', '_', '~', '-']);

/**
 * The parts of a token an embedded id can be: the whole token and every run of it that starts and
 * ends at a separator (so `cons-b-x-1f…` still finds the registered `x-1f…`), each with its offset.
 */
function idCandidates(token: string): Array<[string, number]> {
  const starts = [0];
  const ends = [token.length];
  for (let at = 0; at < token.length; at += 1) {
    if (SEPARATORS.has(token[at]!)) {
      starts.push(at + 1);
      ends.push(at);
    }
  }
  const candidates: Array<[string, number]> = [];
  for (const start of starts)
    for (const end of ends) if (end > start) candidates.push([token.slice(start, end), start]);
  return candidates;
}

/**
 * Every occurrence of any marker in the captured output. Id-shaped markers (the api.md §1.1
 * alphabet: thousands of request, patient and record ids) are matched through a set, in one pass,
 * against each token and each separator-bounded part of it; the few others (names, addresses, free text) are searched as substrings.
 */
export function scanForMarkers(chunks: ReturnType<LogCapture['chunks']>, markers: Iterable<string>): LogHit[] {
  const wanted = [...new Set(markers)].filter((marker) => marker.length > 0);
  const idMarkers = new Set(wanted.filter((marker) => ID_SHAPED.test(marker)));
  const textMarkers = wanted.filter((marker) => !idMarkers.has(marker));
  const shortestId = Math.min(...[...idMarkers].map((marker) => marker.length));
  const hits: LogHit[] = [];
  const hit = (source: LogSource, marker: string, text: string, at: number) =>
    hits.push({ source, marker, excerpt: text.slice(Math.max(0, at - 80), at + marker.length + 80) });
  for (const { source, text } of chunks) {
    for (const token of text.matchAll(TOKENS)) {
      if (token[0].length < shortestId) continue;
      for (const [candidate, offset] of idCandidates(token[0]))
        if (idMarkers.has(candidate)) hit(source, candidate, text, token.index + offset);
    }
    for (const marker of textMarkers) {
      for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length))
        hit(source, marker, text, at);
    }
  }
  return hits;
}
