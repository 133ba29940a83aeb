/**
 * TESTS ONLY. The per-run registry of the identifiers, names and payload values the integration
 * tests used: an append-only file, one value per line, that test/global-setup.ts hands to every
 * worker and scans the whole run's log output for at teardown (test/support/run-log-scan.ts).
 * Outside the integration project (no registry provided) registering does nothing.
 */
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    logScan: { registryFile: string };
  }
}

/** Shorter values match by chance (codes, "Ada", amounts): the scan ignores them, so they are not written. */
export const MIN_MARKER_LENGTH = 6;

const registered = new Set<string>();

export function registerLogMarkers(values: Iterable<string>, registryFile = registryPath()): void {
  if (registryFile === undefined) return;
  const fresh = [...values].filter(
    (value) => value.length >= MIN_MARKER_LENGTH && !value.includes('\n') && !registered.has(value),
  );
  if (fresh.length === 0) return;
  for (const value of fresh) registered.add(value);
  appendFileSync(registryFile, `${fresh.join('\n')}\n`);
}

/** Every string leaf of a JSON-shaped value (a payload's names, addresses, free text). */
export function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

function registryPath(): string | undefined {
  try {
    return inject('logScan')?.registryFile;
  } catch {
    return undefined; // not inside a vitest worker
  }
}
