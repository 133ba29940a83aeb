/**
 * Minimisation under blocks (policy-se.md §3 step 9): what an inner block withholds goes first, with
 * the block's code, then the profile runs on the rest. A field dropped for both reasons is reported
 * once, with the block's code; paths keep the request's indexes.
 */
import { withhold, withheldPaths } from './gates/block-origins.ts';
import type { BlockFinding } from './gates/blocks.ts';
import type { GateContext } from './gates/context.ts';
import type { Consent } from '../records/model.ts';
import { minimise, type Clear, type Minimised, type Row } from './minimise.ts';
import type { JsonObject } from './paths.ts';

export function minimiseWithBlocks(
  context: GateContext,
  payload: JsonObject,
  blocks: BlockFinding,
  clear: Clear,
  consent?: Consent,
): Minimised | Promise<Minimised> {
  const { withheld } = blocks;
  const code = context.document.blocks?.codes.withheld;
  const paths = withheld === undefined ? [] : withheldPaths(withheld);
  if (withheld === undefined || code === undefined || paths.length === 0)
    return minimise(context, payload, clear, consent);
  context.trace.info(code, blocks.withheldVars);
  const minimised = minimise(context, withhold(payload, withheld), clear, consent);
  const rows: Row[] = paths.map((path) => ({ path, action: 'DROPPED', reason: code }));
  const withBlockRows = (done: Minimised): Minimised => ({
    payload: done.payload,
    rows: [...rows, ...done.rows],
    unrequested: done.unrequested,
  });
  return minimised instanceof Promise ? minimised.then(withBlockRows) : withBlockRows(minimised);
}
