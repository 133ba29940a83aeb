/**
 * TESTS ONLY. "No release ignores an objection", checked in log order like the verifier's consent
 * promise (shared/audit/log-promises.ts), against the pack the decisions name: a releasing decision
 * of a non-mandatory flow whose objection rule blocks, without an override, must not follow (in its
 * patient's log) an objection that reaches it and was not withdrawn before it. Gate 7
 * (shared/policy/gates/objection.ts) says which objections reach a decision.
 */
import { loadPolicy } from '../../shared/policy/pack.ts';
import type { LoggedEntry, TappedEntry } from './log-tap.ts';

interface ActiveObjection {
  readonly scope: string;
  readonly recipientId?: string;
  readonly index: number;
}

const RELEASING = new Set(['ALLOW', 'ALLOW_WITH_REDACTION']);

export function objectionViolations(entries: readonly TappedEntry[]): string[] {
  const flows = new Map(loadPolicy().document.flows.map((flow) => [flow.id, flow]));
  const active = new Map<string, Map<string, ActiveObjection>>();
  const violations: string[] = [];
  for (const { origin, index, entry } of entries) {
    const patientKey = `${origin}|${entry.patient?.ref ?? ''}`;
    const objections = active.get(patientKey) ?? new Map<string, ActiveObjection>();
    active.set(patientKey, objections);
    const objectionId = entry.record?.objectionId;
    if (entry.type === 'record.objection.raised' && objectionId !== undefined && !objections.has(objectionId)) {
      objections.set(objectionId, {
        scope: entry.record?.scope ?? '',
        index,
        ...(entry.record?.recipientId ? { recipientId: entry.record.recipientId } : {}),
      });
    } else if (entry.type === 'record.objection.withdrawn' && objectionId !== undefined) {
      objections.delete(objectionId);
    } else if (entry.type === 'disclosure.decision') {
      const ignored = ignoredObjection(entry, [...objections.values()], flows);
      if (ignored !== undefined)
        violations.push(
          `the ${entry.decision?.outcome} at ${origin}#${index} follows the objection at #${ignored.index} (${ignored.scope}) that blocks it`,
        );
    }
  }
  return violations;
}

type Flows = Map<string, ReturnType<typeof loadPolicy>['document']['flows'][number]>;

function ignoredObjection(
  entry: LoggedEntry,
  objections: readonly ActiveObjection[],
  flows: Flows,
): ActiveObjection | undefined {
  const decision = entry.decision;
  if (decision === undefined || !RELEASING.has(decision.outcome) || decision.override !== undefined) return undefined;
  const flow = decision.flow === undefined ? undefined : flows.get(decision.flow);
  if (flow === undefined || flow.mandatory !== null || !flow.objection.blocks) return undefined;
  return objections.find(
    (objection) =>
      (objection.recipientId === undefined || objection.recipientId === decision.recipient.id) &&
      flow.objection.scopes.some((token) =>
        token === 'CATEGORY'
          ? objection.scope === decision.recipient.category
          : token === 'PURPOSE'
            ? objection.scope === decision.purpose
            : objection.scope === 'ALL_NON_MANDATORY',
      ),
  );
}
