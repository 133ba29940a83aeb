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

export function recipientSteps(context: GateContext, payload: JsonObject): Stop | RecipientSteps {
  const access = emergencyAccessGate(context);
  if (isStop(access)) return access;
  const relation = relationGate(context);
  if (relation) return relation;
  const blocks = blockGate(context, access, payload);
  if (isStop(blocks)) return blocks;
  return { access, blocks };
}
