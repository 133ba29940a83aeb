/**
 * Which pack's terms a patient's notifications follow (reviews.md §3, §7). An earlier release is
 * judged by the flows of the pack that decided it (its decision entry names the pack), so a Swedish
 * release is weighed against se-default's objection rules and a UK one against the UK pack's. A
 * notification is due within `notification.dueDays` of the pack of the patient's jurisdiction when
 * that pack has the switch, else within the default 30 days (se-default has no such switch).
 */
import type { Notification, Release } from '../notifications/model.ts';
import type { PolicyCatalogue } from '../policy/catalogue.ts';
import type { FlowDef } from '../policy/document.ts';
import { resolve } from '../policy/select.ts';
import type { PackSwitches } from '../policy/switches.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { RegistryStore } from '../registry/model.ts';
import { isSwedishPatient } from './se-records-view.ts';

/** reviews.md §7 `notification.dueDays`, for a pack without the switch. */
export const DEFAULT_DUE_DAYS = 30;

/** The packs the deployment runs, by id and by an org's choice per jurisdiction. */
export type NotificationPacks = Pick<PolicyCatalogue, 'get' | 'choose'>;

export interface NotificationTermsDeps {
  readonly registry: Pick<RegistryStore, 'getOrganisation'>;
  /** Every pack the deployment runs; without it, objections weigh scope alone and Swedish patients get 30 days. */
  readonly packs?: NotificationPacks;
  /** `notification.dueDays` of the deployment's UK pack, which a patient who is not Swedish keeps. */
  readonly notificationDueDays?: number;
}

/**
 * The flows of the pack that decided a release. Undefined for a pack the deployment no longer
 * runs: the objection trigger then counts any non-mandatory release its scope reaches (more told
 * rather than fewer).
 */
export function releaseFlows(
  packs: NotificationPacks | undefined,
): (release: Release) => readonly FlowDef[] | undefined {
  return (release) => packs?.get(release.policyId)?.document.flows;
}

/**
 * What the pack that decided a release asks when an objection blocks its flow (the flow's
 * `objection.onBlockObligations`, e.g. policy-se.md §9 `SE_REQUEST_REGISTER_ERASURE` for a quality
 * register, on its switch): the notification to that recipient carries it. Selected on the pack's
 * switches only, as the gate selects it; a pack the deployment no longer runs asks nothing.
 */
export function releaseObligations(packs: NotificationPacks | undefined): (release: Release) => readonly string[] {
  return (release) => {
    const pack = packs?.get(release.policyId);
    const flow = pack?.document.flows.find((candidate) => candidate.id === release.flow);
    const selected = flow?.objection.onBlockObligations;
    if (pack === undefined || selected === undefined) return [];
    const switches = pack.document.switches;
    return resolve(selected, { funding: '', subPurpose: null, switches });
  };
}

/** The obligations an objection's notifications carry, by code, with the recipients asked (policy-se.md §9). */
export function objectionObligations(notifications: readonly Notification[]): {
  obligations?: Array<{ code: string; recipientIds: string[] }>;
} {
  const byCode = new Map<string, string[]>();
  for (const notification of notifications)
    for (const code of notification.obligations ?? [])
      byCode.set(code, [...(byCode.get(code) ?? []), notification.recipientId]);
  if (byCode.size === 0) return {};
  return { obligations: [...byCode.entries()].map(([code, recipientIds]) => ({ code, recipientIds })) };
}

/** A pack's `notification.dueDays`, or the default when the pack has no such switch. */
export function dueDaysOf(switches: PackSwitches | undefined): number {
  return switches !== undefined && 'notification.dueDays' in switches
    ? switches['notification.dueDays']
    : DEFAULT_DUE_DAYS;
}

/**
 * The due days of the notifications a trigger opens for this patient. A Swedish patient's come
 * from the org's pack for SE; any other patient keeps the UK pack's, as before Sweden landed.
 */
export async function patientDueDays(
  deps: NotificationTermsDeps,
  org: string,
  snapshot: RecordsSnapshotWithReceipts,
): Promise<number> {
  if (!isSwedishPatient(snapshot)) return deps.notificationDueDays ?? DEFAULT_DUE_DAYS;
  const organisation = await deps.registry.getOrganisation(org);
  const choice = organisation ? deps.packs?.choose(organisation, 'SE') : undefined;
  return dueDaysOf(choice?.covered === true ? choice.policy.document.switches : undefined);
}
