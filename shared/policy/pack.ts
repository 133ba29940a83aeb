/**
 * Loads a policy pack: zod-validated, cross-checked, frozen, and identified by the digest of its
 * canonical JSON (RFC 8785) so a decision can name exactly the rules it was made under.
 */
import { canonicalDigest } from '../canonical-json.ts';
import { documentSchemaFor, type PolicyDocument } from './document.ts';
import { PolicyInvalidError } from './errors.ts';
import { UK_DEFAULT } from './uk-default/index.ts';
import type { SeSwitches } from './se-switches.ts';
import type { Switches } from './switches.ts';
import { crossCheck } from './validate.ts';

export type { PolicyDocument } from './document.ts';
export type { Switches } from './switches.ts';

export interface LoadedPolicy {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  readonly document: PolicyDocument;
}

/** Switch values a deployment chose, from the catalogue of the pack they apply to. */
export type SwitchOverrides = Partial<Switches> | Partial<SeSwitches>;

function withSwitches(document: unknown, overrides: SwitchOverrides | undefined): unknown {
  if (overrides === undefined || typeof document !== 'object' || document === null) return document;
  const current = (document as { switches?: unknown }).switches;
  const base = typeof current === 'object' && current !== null ? current : {};
  return { ...document, switches: { ...base, ...overrides } };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * @param document the pack; defaults to the built-in `uk-default`.
 * @param overrides switch values the deployment chose; they are part of the digested document.
 * @throws PolicyInvalidError listing every problem (paths and reasons, never values).
 */
export function loadPolicy(document: unknown = UK_DEFAULT, overrides?: SwitchOverrides): LoadedPolicy {
  // Round-trip through JSON so the loaded pack shares nothing mutable with the caller's object.
  const input: unknown = JSON.parse(JSON.stringify(withSwitches(document, overrides) ?? null));
  // Parsed once per pack and process: zod's JIT would compile a parser for this one call, which costs a
  // cold start about as much again as the plain parse (docs/benchmarks.md, bundles). Same checks either way.
  const parsed = documentSchemaFor(input).safeParse(input, { jitless: true });
  if (!parsed.success) {
    throw new PolicyInvalidError(
      parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '$', message: issue.message })),
    );
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new PolicyInvalidError(issues);
  const loaded: LoadedPolicy = {
    id: parsed.data.id,
    version: parsed.data.version,
    digest: canonicalDigest(parsed.data),
    document: parsed.data,
  };
  return deepFreeze(loaded);
}
