/**
 * The steps a pack may add between the preconditions and consent (policy-se.md §3 steps 5–6):
 * emergency access, the recipient's relation to the patient, then the spärr gate. Each is a no-op
 * on a flow that does not configure it, so a pack without them decides exactly as before.
 */
import type { JsonObject } from '../paths.ts';
import type { Stop } from '../trace.ts';
import { blockGate, type BlockFinding } from './blocks.ts';
import type { GateContext } from './context.ts';
import { emergencyAccessGate, type EmergencyAccess } from './emergency-access.ts';
import { relationGate } from './relations.ts';

export interface RecipientSteps {
  readonly access: EmergencyAccess;
  readonly blocks: BlockFinding;
}

function isStop(value: object): value is Stop {
  return 'decision' in value && 'code' in value;
}

/**
 * @param halts whether a stop holds: a REFER that a person already approved (reviews.md §2) does
 * not, so an approved Swedish referral (police, unknown spärr status) is decided on past it.
 */
export function recipientSteps(
  context: GateContext,
  payload: JsonObject,
  halts: (gate: Stop) => boolean = () => true,
): Stop | RecipientSteps {
  const access = emergencyAccessGate(context);
  if (isStop(access)) return access;
  const relation = relationGate(context, halts);
  if (relation) return relation;
  const blocks = blockGate(context, access, payload, halts);
  if (isStop(blocks)) return blocks;
  return { access, blocks };
}
