/**
 * Transformation rows as the audit entry records them (audit.md §2). The answer lists every change
 * per list index, as the caller sent it; the entry folds list indexes to `[*]` with a `count`, and
 * folds every path the field catalogue does not know into one `(unknown)` row. So the entry names
 * only catalogue paths (never a member name the caller chose) and its size is bounded by the
 * catalogue, never by the payload.
 */
import type { PolicyDocument } from './document.ts';
import type { Transformation } from './outcome.ts';

export const UNKNOWN_PATH = '(unknown)';

export interface FoldedTransformation {
  readonly path: string;
  readonly action: Transformation['action'];
  readonly reason: string;
  readonly count: number;
}

const cataloguesByDocument = new WeakMap<PolicyDocument, ReadonlySet<string>>();

/** Every path a transformation row of this pack may name once list indexes are folded. */
export function catalogueRowPaths(document: PolicyDocument): ReadonlySet<string> {
  const cached = cataloguesByDocument.get(document);
  if (cached) return cached;
  const paths = new Set<string>();
  for (const field of document.fields) {
    paths.add(field.path);
    if (field.items === undefined) continue;
    paths.add(`${field.path}[*]`);
    for (const item of Object.keys(field.items)) paths.add(`${field.path}[*].${item}`);
  }
  for (const profile of Object.values(document.profiles))
    for (const derived of profile.derived) paths.add(derived.path);
  cataloguesByDocument.set(document, paths);
  return paths;
}

/** Folds rows in first-seen order: same folded path, action and reason → one row with its count. */
export function foldTransformations(
  rows: readonly Transformation[],
  known: ReadonlySet<string>,
): FoldedTransformation[] {
  const folded = new Map<string, { path: string; action: Transformation['action']; reason: string; count: number }>();
  for (const row of rows) {
    const indexless = row.path.replace(/\[\d+\]/gu, '[*]');
    const path = known.has(indexless) ? indexless : UNKNOWN_PATH;
    const key = JSON.stringify([path, row.action, row.reason]);
    const existing = folded.get(key);
    if (existing) existing.count += 1;
    else folded.set(key, { path, action: row.action, reason: row.reason, count: 1 });
  }
  return [...folded.values()];
}
