/**
 * The spärr gate (policy-se.md §3 step 6), after the recipient checks and before consent, since no
 * consent cures an outer block and the caller must not be sent to collect one. In order: the
 * national check is fresh, no outer block (SJF), then inner blocks: each is lifted for this decision
 * by a temporary lift consent or by emergency access, or withholds its unit's data.
 */
import type { PatientRecordsSnapshot } from '../../records/model.ts';
import type { Block } from '../../records/se-model.ts';
import type { BlocksDef } from '../document.ts';
import { dateOf, type ExplanationVars } from '../explain.ts';
import type { JsonObject } from '../paths.ts';
import { resolve } from '../select.ts';
import { seSwitches } from '../switches.ts';
import { stop, type Stop } from '../trace.ts';
import { withheldBy, type Withheld } from './block-origins.ts';
import { timeOf, type GateContext } from './context.ts';
import type { EmergencyAccess } from './emergency-access.ts';
import { instantMs } from '../../identifiers/instant.ts';

const HOUR_MS = 3_600_000;

/** What the decision entry keeps of the blocks (ids only, policy-se.md §9). */
export interface BlockSummary {
  readonly checkedAt?: string;
  readonly activeBlockIds: readonly string[];
  readonly lifted: ReadonlyArray<{ readonly blockId: string; readonly by: string; readonly recordId?: string }>;
  /**
   * Present (true) only where the flow lets emergency access pass an outer block (policy-se.md §7
   * `se.yttreSparr.overridable`), so the offline verifier knows the switch in force; absent, as in
   * every entry written before it existed, the outer block is absolute.
   */
  readonly yttreOverridable?: true;
}

export interface BlockFinding {
  readonly summary: BlockSummary;
  readonly withheld?: Withheld;
  /** What the withheld reason's explanation names: the first block in force, and the units. */
  readonly withheldVars?: ExplanationVars;
}

/** Active at t: placed, not expired, and not lifted at or before t. */
export function activeBlocks(blocks: readonly Block[] | undefined, now: number): Block[] {
  // Every UK decision asks too (its pack has no blocks): no filtered copies to make.
  if (blocks === undefined || blocks.length === 0) return [];
  return blocks
    .filter((block) => timeOf(block.at, now) <= now)
    .filter((block) => block.expiresAt === undefined || now < timeOf(block.expiresAt, now))
    .filter((block) => block.lifted === undefined || timeOf(block.lifted.at, now) > now)
    .sort((a, b) => a.at.localeCompare(b.at) || a.blockId.localeCompare(b.blockId));
}

export function sparrSummary(
  records: PatientRecordsSnapshot,
  now: number,
  lifted: BlockSummary['lifted'] = [],
): BlockSummary {
  const checkedAt = records.sparrCheck?.checkedAt;
  const activeBlockIds = activeBlocks(records.blocks, now).map((block) => block.blockId);
  return { ...(checkedAt !== undefined ? { checkedAt } : {}), activeBlockIds, lifted };
}

function blockSummary(context: GateContext, lifted: BlockSummary['lifted'] = []): BlockSummary {
  const summary = sparrSummary(context.records, context.now, lifted);
  return outerPassable(context) ? { ...summary, yttreOverridable: true } : summary;
}

/** Whether this flow's outer-block rule lets valid emergency access through (a switch of the pack). */
function outerPassable(context: GateContext): boolean {
  const outer = context.flow.blocks?.outer;
  return outer !== undefined && outer !== null && resolve(outer.passedByEmergencyAccess, context.select);
}

/** The outer blocks emergency access passed, as lifts by its code, so the entry shows why they did not deny. */
function outerLifts(context: GateContext, outer: readonly Block[]): Array<BlockSummary['lifted'][number]> {
  const by = context.flow.emergencyAccess?.code ?? 'EMERGENCY_ACCESS';
  return outer.map((block) => ({ blockId: block.blockId, by }));
}

function statusKnown(context: GateContext): boolean {
  const check = context.records.sparrCheck;
  context.trace.base.checkDate = dateOf(check?.checkedAt);
  if (check?.status !== 'CHECKED') return false;
  const maxAge = seSwitches(context.switches)['se.sparr.maxAgeHours'];
  if (maxAge === 'none') return true;
  context.trace.base.maxAgeHours = String(maxAge);
  const checkedAt = instantMs(check.checkedAt);
  return Number.isFinite(checkedAt) && checkedAt <= context.now && context.now - checkedAt <= maxAge * HOUR_MS;
}

/** The lift consent for this block and recipient, usable now (given, not withdrawn, not expired). */
function liftConsent(context: GateContext, config: BlocksDef, block: Block) {
  return context.records.consents.find(
    (consent) =>
      consent.scope === config.liftConsentScope &&
      consent.status === 'GIVEN' &&
      consent.withdrawn === undefined &&
      consent.careUnitId === block.careUnitId &&
      (consent.recipientId === undefined || consent.recipientId === context.request.recipientId) &&
      timeOf(consent.at, context.now) <= context.now &&
      consent.expiresAt !== undefined &&
      context.now < timeOf(consent.expiresAt, context.now),
  );
}

function blockVars(block: Block) {
  return { block: block.blockId, blockDate: dateOf(block.at), careUnit: block.careUnitId };
}

/** @param halts whether a stop holds (an approved referral of an unknown spärr status does not). */
export function blockGate(
  context: GateContext,
  access: EmergencyAccess,
  payload: JsonObject,
  halts: (gate: Stop) => boolean = () => true,
): Stop | BlockFinding {
  const config = context.document.blocks;
  const rule = context.flow.blocks;
  const active = activeBlocks(context.records.blocks, context.now);
  if (config === undefined) return { summary: blockSummary(context) };
  const outer = active.filter((block) => block.kind === 'YTTRE');
  const inner = active.filter((block) => block.kind === 'INRE');
  const innerApplies = rule?.inner ? resolve(rule.inner.applies, context.select) : false;
  if ((outer.length > 0 && !rule?.outer) || (inner.length > 0 && !innerApplies))
    context.trace.info(config.codes.notApplicable);
  // Without a kind the flow checks, the gate does not apply and the national check is not needed.
  if (rule === undefined || (!rule.outer && !innerApplies)) return { summary: blockSummary(context) };
  if (rule.status && !statusKnown(context)) {
    const outcome = resolve(rule.status.onUnknown, context.select);
    const gate = stop(outcome.decision, outcome.code);
    if (halts(gate)) return gate;
  }
  const passed = rule.outer && access.granted && outerPassable(context);
  if (rule.outer && outer[0] && !passed)
    return stop(rule.outer.onActive.decision, rule.outer.onActive.code, blockVars(outer[0]));
  const lifted = passed ? outerLifts(context, outer) : [];
  if (!rule.inner || !innerApplies) return { summary: blockSummary(context, lifted) };
  const units = new Set<string>();
  const withheldBlocks: Block[] = [];
  for (const block of inner) {
    const byAccess = access.granted && context.flow.emergencyAccess?.liftsInnerBlocks === true;
    const consent = byAccess ? undefined : liftConsent(context, config, block);
    if (byAccess || consent) {
      lifted.push({
        blockId: block.blockId,
        by: byAccess ? 'SE_NODATKOMST' : config.liftConsentScope,
        ...(consent ? { recordId: consent.consentId } : {}),
      });
      context.trace.info(config.codes.lifted, { ...blockVars(block), consent: consent?.consentId });
      continue;
    }
    withheldBlocks.push(block);
    if (block.careUnitId !== undefined) units.add(block.careUnitId);
  }
  // The records endpoint refuses an inner block without a unit; one read anyway withholds everything.
  const unitless = withheldBlocks.some((block) => block.careUnitId === undefined);
  const withheld = withheldBy(payload, config, unitless ? 'ALL' : units);
  const first = withheldBlocks[0];
  if (first === undefined) return { summary: blockSummary(context, lifted) };
  const { onAllWithheld } = rule.inner;
  if (withheld.everything) return stop(onAllWithheld.decision, onAllWithheld.code, blockVars(first));
  // Traced only when minimisation withholds something, so a later stop does not report it.
  const withheldVars = { ...blockVars(first), careUnit: [...units].sort().join(', ') };
  return { summary: blockSummary(context, lifted), withheld, withheldVars };
}
