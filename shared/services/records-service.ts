/**
 * The records service: one entry point for the records handlers over the modules that each own a
 * record kind or concern. Each write module plans its change on the snapshot it is given
 * (registration, consents, objections, NDOP, restrictions, erasure, notification closes); this
 * facade runs the checks that read other stores first, then hands the plan to the one writer, so
 * every write of a patient queues on one serialiser. Reads are records-view.ts and records-history.ts.
 */
import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { RegistryStore } from '../registry/model.ts';
import type {
  AddConsentBody,
  AddObjectionBody,
  ListDisclosuresBody,
  PutNdopBody,
  RegisterPatientBody,
  WithdrawConsentBody,
  WithdrawObjectionBody,
  LiftRestrictionBody,
  ErasePatientBody,
  PlaceRestrictionBody,
} from '../schemas/records.ts';
import { NotFoundError } from '../errors.ts';
import type { NotificationPacks } from './notification-terms.ts';
import { requireRecipient } from './records-checks.ts';
import {
  consentOf,
  planConsent,
  planConsentWithdrawal,
  type ConsentAnswer,
  type ConsentWithdrawalAnswer,
} from './records-consents.ts';
import { planErasureWithReviews, type ErasureAnswer } from './records-erasure.ts';
import { disclosureHistory, type DisclosureHistory } from './records-history.ts';
import { registeredIdentifiers, type IdentifierSwitches } from './records-identifiers.ts';
import { planNdop, type NdopAnswer } from './records-ndop.ts';
import { planClose, type NotificationAnswer, type NotificationClose } from './records-notifications.ts';
import {
  objectionOf,
  planObjection,
  planObjectionWithdrawal,
  type ObjectionWithdrawalAnswer,
  type ObjectionWritten,
} from './records-objections.ts';
import { planRegistration, type Registration, type RegistrationAnswer } from './records-registration.ts';
import {
  planLift,
  planPlacement,
  restrictionOf,
  type PlacementAnswer,
  type RestrictionAnswer,
} from './records-restrictions.ts';
import { patientRecordsView, type PatientRecordsView } from './records-view.ts';
import { RecordsWriter, type Caller } from './records-writer.ts';
import { checkConsentRecipient, checkEmployers, checkSwedishConsent } from './se-registration.ts';
import type { SwedishRecordsView } from './se-records-view.ts';

// What the handlers, the Swedish services and the test stacks name with the service.
export type { Caller } from './records-writer.ts';
export type { IdentifierSwitches } from './records-identifiers.ts';

export interface RecordsDeps {
  readonly records: RecordsStore;
  /** The review cases, whose free text an erasure removes (reviews.md §4). */
  readonly reviews?: ReviewStore;
  readonly registry: RegistryStore;
  readonly audit: AuditLog;
  readonly search: AuditSearch;
  readonly pseudonymiser: Pseudonymiser;
  readonly clock: Clock;
  readonly deployment: string;
  /**
   * The identifier switches of the deployment's policy pack, the very ones decisions apply, so a
   * patient registered with an identifier is one a decision accepts (test range: api.md §5).
   */
  readonly identifierSwitches: IdentifierSwitches;
  /**
   * Every pack the deployment runs: an earlier release is weighed against the flows of the pack
   * that decided it, and a Swedish patient's notifications are due by the SE pack (reviews.md §3).
   */
  readonly packs?: NotificationPacks;
  /** `notification.dueDays` of the UK pack (reviews.md §7), for a patient who is not Swedish. */
  readonly notificationDueDays?: number;
  /** `se.inreSparr.maxLiftDays` of the Swedish pack the deployment runs (policy-se.md §9); its default when absent. */
  readonly inreLiftMaxDays?: number;
}

/**
 * Patient records (api.md §4.2). Every write reads one snapshot, and appends one entry to the
 * patient's log with the record change and the version bump committed in the same transaction,
 * so a record never exists without its entry and no decision can be logged on records that
 * changed underneath it. Writes are idempotent on the caller's record id (a registration or NDOP
 * result on the patient id and the content), so a retry after a transaction that committed but lost
 * its answer gets the first entry's receipt and logs nothing new; withdrawals are recorded, never
 * deletions.
 */
export class RecordsService {
  readonly #deps: RecordsDeps;
  readonly #writer: RecordsWriter;

  constructor(deps: RecordsDeps) {
    this.#deps = deps;
    this.#writer = new RecordsWriter(deps);
  }

  /** PUT /v1/patients/{id}: identifiers are validated, then kept only as AUDIT pseudonyms and masks. */
  async registerPatient(
    caller: Caller,
    patientId: string,
    body: RegisterPatientBody,
    rawBodyDigest: string,
  ): Promise<RegistrationAnswer> {
    await checkEmployers(this.#deps.registry, caller.org, body.employerRecipientIds);
    const registration: Registration = {
      patientId,
      identifiers: await registeredIdentifiers(this.#deps, caller.org, body.identifiers),
      gp: body.registeredGpOds ?? undefined,
      employers: body.employerRecipientIds,
    };
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) => planRegistration(snapshot, registration));
  }

  async addConsent(
    caller: Caller,
    patientId: string,
    body: AddConsentBody,
    rawBodyDigest: string,
  ): Promise<ConsentAnswer> {
    checkSwedishConsent(body, this.#deps.inreLiftMaxDays);
    if (body.recipientId !== undefined)
      checkConsentRecipient(body.scope, await requireRecipient(this.#deps.registry, caller.org, body.recipientId));
    const consent = consentOf(body);
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) => planConsent(snapshot, consent));
  }

  /** Idempotent: withdrawing a withdrawn consent answers with the first withdrawal and its receipt. */
  async withdrawConsent(
    caller: Caller,
    patientId: string,
    consentId: string,
    body: WithdrawConsentBody,
    rawBodyDigest: string,
  ): Promise<ConsentWithdrawalAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planConsentWithdrawal(snapshot, consentId, body),
    );
  }

  async addObjection(
    caller: Caller,
    patientId: string,
    body: AddObjectionBody,
    rawBodyDigest: string,
  ): Promise<ObjectionWritten> {
    if (body.recipientId !== undefined) await requireRecipient(this.#deps.registry, caller.org, body.recipientId);
    const objection = objectionOf(body);
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planObjection(snapshot, objection, this.#deps.packs),
    );
  }

  async withdrawObjection(
    caller: Caller,
    patientId: string,
    objectionId: string,
    body: WithdrawObjectionBody,
    rawBodyDigest: string,
  ): Promise<ObjectionWithdrawalAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planObjectionWithdrawal(snapshot, objectionId, body),
    );
  }

  /** PUT …/ndop: the latest check wins (records-ndop.ts). */
  async putNdop(caller: Caller, patientId: string, body: PutNdopBody, rawBodyDigest: string): Promise<NdopAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) => planNdop(snapshot, patientId, body));
  }

  /** POST …/restrictions (policy-uk.md §9.8). */
  async placeRestriction(
    caller: Caller,
    patientId: string,
    body: PlaceRestrictionBody,
    rawBodyDigest: string,
  ): Promise<PlacementAnswer> {
    const restriction = restrictionOf(body);
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planPlacement(snapshot, restriction, this.#deps.clock.now()),
    );
  }

  /** POST …/restrictions/{id}/lift (Art 18(3)). */
  async liftRestriction(
    caller: Caller,
    patientId: string,
    restrictionId: string,
    body: LiftRestrictionBody,
    rawBodyDigest: string,
  ): Promise<RestrictionAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planLift(snapshot, restrictionId, body, this.#deps.clock.now()),
    );
  }

  /** POST …/erase (reviews.md §4). */
  async erasePatient(
    caller: Caller,
    patientId: string,
    body: ErasePatientBody,
    rawBodyDigest: string,
  ): Promise<ErasureAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planErasureWithReviews(snapshot, patientId, body, { org: caller.org, reviews: this.#deps.reviews }),
    );
  }

  /** POST /v1/notifications/{id}/sent or /not-required: closes a DUE notification (reviews.md §5). */
  async closeNotification(
    caller: Caller,
    notificationId: string,
    close: NotificationClose,
    rawBodyDigest: string,
  ): Promise<NotificationAnswer> {
    const patientId = await this.#deps.records.notificationPatient(caller.org, notificationId);
    if (patientId === undefined) throw new NotFoundError('No such notification');
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) =>
      planClose(snapshot, notificationId, close, {
        clientId: caller.clientId,
        now: new Date(this.#deps.clock.now()).toISOString(),
      }),
    );
  }

  /** GET …/records (records-view.ts): the records masked, with their whole history. */
  async getRecords(caller: Caller, patientId: string): Promise<PatientRecordsView & Partial<SwedishRecordsView>> {
    return patientRecordsView(this.#deps, caller, patientId);
  }

  /** GET …/disclosures (subject access, records-history.ts): every decision about the patient, newest first. */
  async listDisclosures(caller: Caller, patientId: string, body: ListDisclosuresBody = {}): Promise<DisclosureHistory> {
    return disclosureHistory(this.#deps, caller, patientId, body);
  }
}
