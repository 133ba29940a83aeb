/**
 * GET …/records (api.md §4.2): identifiers masked; consents, objections and restrictions with their
 * whole history, oldest first; for a Swedish patient also blocks, the spärr check, care relations,
 * employers and registerutdrag (policy-se.md §9).
 */
import { NotFoundError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { Consent, NdopResult, Objection, Restriction } from '../records/model.ts';
import type { RegistryStore } from '../registry/model.ts';
import { patientView, type PatientView } from './records-registration.ts';
import type { Caller } from './records-writer.ts';
import { isSwedishPatient, swedishRecordsView, type SwedishRecordsView } from './se-records-view.ts';

export interface PatientRecordsView extends PatientView {
  readonly registered: boolean;
  readonly consents: readonly Consent[];
  readonly objections: readonly Objection[];
  readonly ndop?: NdopResult;
  readonly restrictions: readonly Restriction[];
}

export interface RecordsViewDeps {
  readonly records: RecordsStore;
  readonly registry: RegistryStore;
  readonly clock: Clock;
}

export async function patientRecordsView(
  deps: RecordsViewDeps,
  caller: Caller,
  patientId: string,
): Promise<PatientRecordsView & Partial<SwedishRecordsView>> {
  const snapshot = await deps.records.read(caller.org, patientId);
  if (snapshot.version === 0) throw new NotFoundError('No such patient');
  const swedish = isSwedishPatient(snapshot)
    ? await swedishRecordsView(snapshot, caller.org, deps.registry, deps.clock.now())
    : {};
  return {
    ...patientView(patientId, snapshot.identifiers, snapshot.registeredGpOds, snapshot.version),
    registered: snapshot.registered,
    consents: [...snapshot.consents].sort(
      byTimeThenId(
        (c) => c.at,
        (c) => c.consentId,
      ),
    ),
    objections: [...snapshot.objections].sort(
      byTimeThenId(
        (o) => o.at,
        (o) => o.objectionId,
      ),
    ),
    ...(snapshot.ndop ? { ndop: snapshot.ndop } : {}),
    restrictions: [...snapshot.restrictions].sort(
      byTimeThenId(
        (r) => r.at,
        (r) => r.restrictionId,
      ),
    ),
    ...swedish,
  };
}

/** Oldest first; records of the same instant in id order, so every read lists them alike. */
export function byTimeThenId<T>(time: (t: T) => string, id: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}
