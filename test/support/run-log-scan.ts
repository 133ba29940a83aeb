/**
 * TESTS ONLY. The log-safety scan over the whole integration run (test/global-setup.ts): everything
 * the shared stack prints is kept in files under one temp dir, never on the terminal, and at the end
 * scanned for every value the tests registered (test/support/log-registry.ts).
 *
 * Kept: this process's stdout and stderr writes that are log lines (Powertools writes one JSON
 * object a line; the handlers and the checkpoint timer run here), every console call here (the
 * local KMS endpoint, the checkpoint timer) and DynamoDB Local's output. Plain text on stdout is the
 * test runner's own report and passes through, so failures stay readable.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanForMarkers, type LogHit } from './log-capture.ts';
import { MIN_MARKER_LENGTH } from './log-registry.ts';

/** Bounds the disk a run can fill; a full integration run at DEBUG writes a few MB. */
export const MAX_CAPTURED_BYTES = 64 * 1024 * 1024;

export const LOG_FILES = {
  powertools: 'gatekeeper-log-lines.log',
  console: 'console.log',
  dynamoDb: 'dynamodb-local.log',
} as const;
type LogFile = keyof typeof LOG_FILES;

export interface CaptureStats {
  readonly bytes: number;
  readonly droppedBytes: number;
  /** Lines by level (Powertools' level field; console.warn/error count as WARN/ERROR). */
  readonly levels: Readonly<Record<string, number>>;
}

export interface RunLogCapture {
  readonly dir: string;
  readonly registryFile: string;
  onDynamoDbOutput(text: string): void;
  /** Puts stdout, stderr and console back; the files stay for a human to read. */
  stop(): CaptureStats;
}

export function startRunLogCapture(
  dir = mkdtempSync(join(tmpdir(), 'gatekeeper-logs-')),
  maxBytes = MAX_CAPTURED_BYTES,
): RunLogCapture {
  const registryFile = join(dir, 'registered-values.txt');
  writeFileSync(registryFile, '', { mode: 0o600 });
  const fds = Object.fromEntries(
    Object.entries(LOG_FILES).map(([key, name]) => [key, openSync(join(dir, name), 'a', 0o600)]),
  ) as Record<LogFile, number>;
  const levels: Record<string, number> = {};
  let bytes = 0;
  let droppedBytes = 0;
  let stopped = false;
  /** False once stopped: whoever still holds a patched writer (a later patch restored ours) prints as before. */
  const keep = (file: LogFile, text: string): boolean => {
    if (stopped) return false;
    const size = Buffer.byteLength(text);
    if (bytes + size > maxBytes) {
      droppedBytes += size;
      return true;
    }
    bytes += size;
    writeSync(fds[file], text.endsWith('\n') ? text : `${text}\n`);
    return true;
  };
  const countLevels = (text: string) => {
    for (const [, level] of text.matchAll(/"level":"([A-Z]+)"/gu)) levels[level!] = (levels[level!] ?? 0) + 1;
  };
  const undo = [
    ...[process.stdout, process.stderr].map((stream) =>
      interceptLogLines(stream, (text) => {
        if (!stopped) countLevels(text);
        return keep('powertools', text);
      }),
    ),
    interceptConsole((level, text) => {
      if (!stopped && (level === 'warn' || level === 'error'))
        levels[level.toUpperCase()] = (levels[level.toUpperCase()] ?? 0) + 1;
      return keep('console', text);
    }),
  ];
  return {
    dir,
    registryFile,
    onDynamoDbOutput: (text) => {
      keep('dynamoDb', text);
    },
    stop: () => {
      if (!stopped) for (const fd of Object.values(fds)) closeSync(fd);
      stopped = true;
      for (const restore of undo.splice(0).reverse()) restore();
      return { bytes, droppedBytes, levels };
    },
  };
}

/** Log lines (a chunk that is a JSON object) go to `keep`; anything else still reaches the terminal. */
function interceptLogLines(stream: NodeJS.WriteStream, keep: (text: string) => boolean): () => void {
  const original = stream.write;
  stream.write = function write(this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.trimStart().startsWith('{') || !keep(text))
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    (rest.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
    return true;
  };
  return () => {
    stream.write = original;
  };
}

function interceptConsole(keep: (level: string, text: string) => boolean): () => void {
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = levels.map((level) => console[level]);
  levels.forEach((level, at) => {
    console[level] = (...args: unknown[]) => {
      if (!keep(level, args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')))
        originals[at]!(...args);
    };
  });
  return () => {
    levels.forEach((level, at) => {
      console[level] = originals[at]!;
    });
  };
}

export interface RunScan {
  readonly markers: number;
  readonly scannedBytes: number;
  readonly hits: readonly LogHit[];
}

/** Every registered value (of at least MIN_MARKER_LENGTH characters) found in any captured file. */
export function scanRunLog(dir: string, registryFile: string): RunScan {
  const markers = new Set(
    readFileSync(registryFile, 'utf8')
      .split('\n')
      .filter((value) => value.length >= MIN_MARKER_LENGTH),
  );
  const chunks = Object.values(LOG_FILES)
    .filter((name) => existsSync(join(dir, name)))
    .map((name) => ({ source: name, text: readFileSync(join(dir, name), 'utf8') }));
  return {
    markers: markers.size,
    scannedBytes: chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.text), 0),
    hits: scanForMarkers(chunks, markers),
  };
}

/** What a CI log may show of a hit: where, and the value only as a short hash and a 3-character prefix. */
export function describeHits(hits: readonly LogHit[], limit = 10): string[] {
  const byMarker = new Map<string, { sources: Set<string>; count: number }>();
  for (const hit of hits) {
    const seen = byMarker.get(hit.marker) ?? { sources: new Set<string>(), count: 0 };
    seen.sources.add(hit.source);
    seen.count += 1;
    byMarker.set(hit.marker, seen);
  }
  return [...byMarker]
    .slice(0, limit)
    .map(
      ([marker, { sources, count }]) =>
        `value sha256:${createHash('sha256').update(marker).digest('hex').slice(0, 12)} (${marker.slice(0, 3)}…, ${marker.length} chars): ${count}× in ${[...sources].join(', ')}`,
    );
}

/**
 * Stops the capture and scans it: answers the one summary line every run prints, or throws (failing
 * the run) when a registered value was logged or the capture was cut short, naming values only by hash.
 */
export function finishRunLogScan(output: RunLogCapture): string {
  const stats = output.stop();
  const scan = scanRunLog(output.dir, output.registryFile);
  const levels =
    Object.entries(stats.levels)
      .map(([level, count]) => `${level} ${count}`)
      .join(', ') || 'none';
  const summary =
    `log scan: ${scan.markers} registered values, ${(scan.scannedBytes / 1e6).toFixed(1)} MB of log output, ` +
    `${scan.hits.length} found; lines by level: ${levels}; captured in ${output.dir}`;
  const problems = [
    ...(scan.hits.length > 0
      ? [`${scan.hits.length} log occurrence(s) of values the tests used:`, ...describeHits(scan.hits)]
      : []),
    ...(stats.droppedBytes > 0 ? [`the capture hit its bound and dropped ${stats.droppedBytes} bytes unscanned`] : []),
  ];
  if (problems.length > 0) throw new Error(`${summary}\nlog scan failed:\n  ${problems.join('\n  ')}`);
  return summary;
}
