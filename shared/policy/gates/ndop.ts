/**
 * Gate 8: the National Data Opt-out, where the pack says it applies (jurisdiction, public funding,
 * the flow's NDOP gate) and the basis is neither consent, a legal requirement nor an override.
 */
import { dateOf } from '../explain.ts';
import { ukSwitches } from '../switches.ts';
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';
import { instantMs } from '../../identifiers/instant.ts';

const HOUR_MS = 3_600_000;

/**
 * @param exempt the basis is a legal requirement, consent or an override, which the opt-out does not reach.
 * @param gate whether the opt-out applies to this flow's basis (the flow's NDOP gate, or a basis that brings one).
 */
export function ndopGate(context: GateContext, exempt: boolean, gate = context.flow.ndopGate): Stop | undefined {
  const { request, document, records, trace } = context;
  const result = records.ndop;
  trace.base.ndopDate = dateOf(result?.checkedAt);
  const applies =
    gate &&
    context.flow.consent === null &&
    !exempt &&
    // §9.2 step 8: section 251 support that sets the opt-out aside for this recipient.
    context.recipient.ndopExempt !== true &&
    document.ndop.jurisdictions.includes(request.jurisdiction) &&
    document.ndop.fundings.includes(request.episode.funding);
  if (!applies) {
    if (result?.status === 'OPTED_OUT') trace.info('NDOP_NOT_APPLICABLE');
    return undefined;
  }
  // An opt-out on record wins whatever its age: a stale opt-out is not a reason to disclose.
  if (result?.status === 'OPTED_OUT') return stop('DENY', 'DENY_NDOP_OPT_OUT');
  const switches = ukSwitches(context.switches);
  const maxAgeHours = switches['ndop.maxAgeHours'];
  trace.base.maxAgeHours = String(maxAgeHours);
  const checkedAt = result === undefined ? Number.NaN : instantMs(result.checkedAt);
  const fresh = Number.isFinite(checkedAt) && context.now - checkedAt <= maxAgeHours * HOUR_MS;
  if (!fresh) return stop(switches['ndop.unknownStatus'], 'DENY_NDOP_STATUS_UNKNOWN');
  return undefined;
}
