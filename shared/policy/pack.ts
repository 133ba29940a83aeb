/**
 * Loads a policy pack: zod-validated, cross-checked, frozen, and identified by the digest of its
 * canonical JSON (RFC 8785) so a decision can name exactly the rules it was made under.
 */
import { documentSchemaFor } from './document.ts';
import { PolicyInvalidError } from './errors.ts';
import { policyIssues, sealedPack, withSwitches, type LoadedPolicy, type SwitchOverrides } from './sealed-pack.ts';
import { UK_DEFAULT } from './uk-default/index.ts';
import { crossCheck } from './validate.ts';

export type { PolicyDocument } from './document.ts';
export type { LoadedPolicy, SwitchOverrides } from './sealed-pack.ts';
export type { Switches } from './switches.ts';

/**
 * @param document the pack; defaults to the built-in `uk-default`.
 * @param overrides switch values the deployment chose; they are part of the digested document.
 * @throws PolicyInvalidError listing every problem (paths and reasons, never values).
 */
export function loadPolicy(document: unknown = UK_DEFAULT, overrides?: SwitchOverrides): LoadedPolicy {
  const input = withSwitches(document, overrides);
  // Parsed once per pack and process: zod's JIT would compile a parser for this one call, which costs a
  // cold start about as much again as the plain parse (docs/benchmarks.md, bundles). Same checks either way.
  const parsed = documentSchemaFor(input).safeParse(input, { jitless: true });
  if (!parsed.success) throw new PolicyInvalidError(policyIssues(parsed.error.issues));
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new PolicyInvalidError(issues);
  return sealedPack(parsed.data);
}
