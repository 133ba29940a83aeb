/**
 * The built-in packs as a function loads them at cold start, without parsing their documents:
 * each was proven, before it shipped, to be exactly what its zod schema accepts and to pass the
 * cross-checks (test/unit/policy/built-in.test.ts fails the build otherwise), so parsing it again in
 * every sandbox bought nothing. That parse and the cross-checks were the largest share of the
 * deciding functions' cold start after compiling the bundle (docs/benchmarks.md, bundles).
 *
 * What a deployment varies, its switch values, is still checked here against the pack's switch
 * catalogue, so a bad value fails the load (closed) exactly as loadPolicy would. Same document,
 * same digest as loadPolicy gives for the same overrides.
 */
import type { PolicyDocument } from './document.ts';
import { PolicyInvalidError } from './errors.ts';
import { policyIssues, sealedPack, withSwitches, type LoadedPolicy, type SwitchOverrides } from './sealed-pack.ts';
import { SE_DEFAULT } from './se-default/index.ts';
import { SE_PACK_ID, seSwitchesSchema } from './se-switches.ts';
import { switchesSchema } from './switches.ts';
import { UK_DEFAULT } from './uk-default/index.ts';

/** Each built-in pack with the catalogue its switches are held to. */
export const BUILT_IN_PACKS = {
  'uk-default': { document: UK_DEFAULT, switches: switchesSchema },
  [SE_PACK_ID]: { document: SE_DEFAULT, switches: seSwitchesSchema },
} as const;

export type BuiltInPackId = keyof typeof BUILT_IN_PACKS;

/**
 * @param overrides switch values the deployment chose; they are part of the digested document.
 * @throws PolicyInvalidError if a switch value is outside the pack's catalogue (names, never values).
 */
export function loadBuiltInPolicy(id: BuiltInPackId, overrides?: SwitchOverrides): LoadedPolicy {
  const pack = BUILT_IN_PACKS[id];
  const document = withSwitches(pack.document, overrides) as PolicyDocument;
  // Once per pack and process, so without zod's JIT (as pack.ts): compiling a parser costs more than it saves.
  const switches = pack.switches.safeParse(document.switches, { jitless: true });
  if (!switches.success) throw new PolicyInvalidError(policyIssues(switches.error.issues, ['switches']));
  return sealedPack(document);
}
