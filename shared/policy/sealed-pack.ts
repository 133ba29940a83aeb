/**
 * How every pack load ends, whichever way its document was checked (a pack from outside is parsed
 * by its zod schema in pack.ts; a built-in pack was proven valid before it shipped, built-in.ts):
 * the deployment's switches applied, a copy that shares nothing mutable, the digest, deep-frozen.
 */
import { canonicalDigest } from '../canonical-json.ts';
import type { PolicyDocument } from './document.ts';
import type { PolicyIssue } from './errors.ts';
import type { SeSwitches } from './se-switches.ts';
import type { Switches } from './switches.ts';

export interface LoadedPolicy {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  readonly document: PolicyDocument;
}

/** Switch values a deployment chose, from the catalogue of the pack they apply to. */
export type SwitchOverrides = Partial<Switches> | Partial<SeSwitches>;

/** The document with the deployment's switch values over its own, as a JSON copy of both. */
export function withSwitches(document: unknown, overrides: SwitchOverrides | undefined): unknown {
  if (overrides === undefined || typeof document !== 'object' || document === null) return jsonCopy(document);
  const current = (document as { switches?: unknown }).switches;
  const base = typeof current === 'object' && current !== null ? current : {};
  // Round-trip through JSON so the loaded pack shares nothing mutable with the caller's objects.
  return jsonCopy({ ...document, switches: { ...base, ...overrides } });
}

function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/** Schema issues as policy issues: where and why, under `prefix` when only a part was checked; never values. */
export function policyIssues(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
  prefix: readonly string[] = [],
): PolicyIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.') || '$',
    message: issue.message,
  }));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A checked document, named by the digest of its canonical JSON (RFC 8785) and frozen. */
export function sealedPack(document: PolicyDocument): LoadedPolicy {
  return deepFreeze({ id: document.id, version: document.version, digest: canonicalDigest(document), document });
}
