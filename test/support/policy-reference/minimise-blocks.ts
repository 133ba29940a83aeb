/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * Minimisation under blocks (policy-se.md §3 step 9): what an inner block withholds goes first, with
 * the block's code, then the profile runs on the rest. A field dropped for both reasons is reported
 * once, with the block's code; paths keep the request's indexes.
 */
import { withhold, withheldPaths } from '../../../shared/policy/gates/block-origins.ts';
import type { BlockFinding } from '../../../shared/policy/gates/blocks.ts';
import type { GateContext } from '../../../shared/policy/gates/context.ts';
import type { Consent } from '../../../shared/records/model.ts';
import { minimise, type Clear, type Minimised, type Row } from './minimise.ts';
import type { JsonObject } from '../../../shared/policy/paths.ts';

export async function minimiseWithBlocks(
  context: GateContext,
  payload: JsonObject,
  blocks: BlockFinding,
  clear: Clear,
  consent?: Consent,
): Promise<Minimised> {
  const { withheld } = blocks;
  const code = context.document.blocks?.codes.withheld;
  const paths = withheld === undefined ? [] : withheldPaths(withheld);
  if (withheld === undefined || code === undefined || paths.length === 0)
    return minimise(context, payload, clear, consent);
  context.trace.info(code, blocks.withheldVars);
  const minimised = await minimise(context, withhold(payload, withheld), clear, consent);
  const rows: Row[] = paths.map((path) => ({ path, action: 'DROPPED', reason: code, present: true }));
  return { payload: minimised.payload, rows: [...rows, ...minimised.rows] };
}
