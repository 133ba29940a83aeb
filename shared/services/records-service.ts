import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { Consent, NdopResult, Objection, Recipient, Restriction } from '../records/model.ts';
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
import { notificationView, type Notification } from '../notifications/model.ts';
import { planErasureWithReviews, type ErasureAnswer } from './records-erasure.ts';
import { planClose, type NotificationAnswer, type NotificationClose } from './records-notifications.ts';
import type { NotificationPacks } from './notification-terms.ts';
import {
  planLift,
  planPlacement,
  restrictionOf,
  type PlacementAnswer,
  type RestrictionAnswer,
} from './records-restrictions.ts';
import { NotFoundError } from '../errors.ts';
import { requireRecipient } from './records-checks.ts';
import {
  consentOf,
  planConsent,
  planConsentWithdrawal,
  type ConsentAnswer,
  type ConsentWithdrawalAnswer,
} from './records-consents.ts';
import { patientIndexKey } from './records-keys.ts';
import { RecordsWriter, type Caller } from './records-writer.ts';
import { planNdop, type NdopAnswer } from './records-ndop.ts';
import { registeredIdentifiers, type IdentifierSwitches } from './records-identifiers.ts';
import {
  patientView,
  planRegistration,
  type PatientView,
  type Registration,
  type RegistrationAnswer,
} from './records-registration.ts';
import { checkConsentRecipient, checkEmployers, checkSwedishConsent } from './se-registration.ts';
import { isSwedishPatient, swedishRecordsView, type SwedishRecordsView } from './se-records-view.ts';
import {
  objectionOf,
  planObjection,
  planObjectionWithdrawal,
  type ObjectionWithdrawalAnswer,
  type ObjectionWritten,
} from './records-objections.ts';

export type { Caller } from './records-writer.ts';
export type { ObjectionWritten } from './records-objections.ts';
export type { PatientView } from './records-registration.ts';
export { validateIdentifier, type IdentifierSwitches } from './records-identifiers.ts';

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

export interface PatientRecordsView extends PatientView {
  readonly registered: boolean;
  readonly consents: readonly Consent[];
  readonly objections: readonly Objection[];
  readonly ndop?: NdopResult;
  readonly restrictions: readonly Restriction[];
}

export interface DisclosureHistoryItem {
  readonly time: string;
  readonly recipient: { readonly id: string; readonly name?: string; readonly category: string };
  readonly purpose: string;
  readonly decision: string;
  readonly reasonCodes: readonly string[];
  readonly receipt: Receipt;
}

const DEFAULT_PAGE = 100;

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
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) => planPlacement(snapshot, restriction));
  }

  /** POST …/restrictions/{id}/lift (Art 18(3)). */
  async liftRestriction(
    caller: Caller,
    patientId: string,
    restrictionId: string,
    body: LiftRestrictionBody,
    rawBodyDigest: string,
  ): Promise<RestrictionAnswer> {
    return this.#writer.write(caller, patientId, rawBodyDigest, (snapshot) => planLift(snapshot, restrictionId, body));
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

  /**
   * GET …/records: identifiers masked; consents, objections and restrictions with their whole
   * history; for a Swedish patient also blocks, the spärr check, care relations, employers and
   * registerutdrag (policy-se.md §9).
   */
  async getRecords(caller: Caller, patientId: string): Promise<PatientRecordsView & Partial<SwedishRecordsView>> {
    const snapshot = await this.#deps.records.read(caller.org, patientId);
    if (snapshot.version === 0) throw new NotFoundError('No such patient');
    const swedish = isSwedishPatient(snapshot)
      ? await swedishRecordsView(snapshot, caller.org, this.#deps.registry, this.#deps.clock.now())
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

  /**
   * GET …/disclosures (subject access): every decision about the patient, newest first, from the
   * by-patient index. Entries never hold the payload; recipient names come from the registry.
   */
  async listDisclosures(
    caller: Caller,
    patientId: string,
    body: ListDisclosuresBody = {},
  ): Promise<{ disclosures: DisclosureHistoryItem[]; nextCursor?: string; notifications: Notification[] }> {
    // Art 19, last sentence: the patient can be told who was notified. Read from the records, so a
    // notification opened with a change is listed as soon as the change is answered.
    const notifications = this.#deps.records.read(caller.org, patientId).then((snapshot) =>
      [...snapshot.notifications]
        .sort(
          byTimeThenId(
            (n) => n.openedAt,
            (n) => n.notificationId,
          ),
        )
        .map(notificationView),
    );
    const page = await this.#deps.search.search({
      org: caller.org,
      patientIndexKey: await patientIndexKey(this.#deps.pseudonymiser, caller.org, patientId),
      type: 'disclosure.decision',
      limit: body.limit ?? DEFAULT_PAGE,
      ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
    });
    const recipients = new Map<string, Promise<Recipient | undefined>>();
    const recipientOf = (id: string) => {
      let found = recipients.get(id);
      if (!found) recipients.set(id, (found = this.#deps.registry.getRecipient(caller.org, id)));
      return found;
    };
    const disclosures = await Promise.all(
      page.items.map(async ({ entry, origin, index, leafHash }): Promise<DisclosureHistoryItem> => {
        const decision = (entry['decision'] ?? {}) as {
          outcome?: string;
          reasonCodes?: string[];
          purpose?: string;
          recipient?: { id?: string; category?: string };
        };
        const recipientId = decision.recipient?.id ?? '';
        const name = recipientId === '' ? undefined : (await recipientOf(recipientId))?.name;
        return {
          time: String(entry['time']),
          recipient: {
            id: recipientId,
            ...(name !== undefined ? { name } : {}),
            category: decision.recipient?.category ?? '',
          },
          purpose: decision.purpose ?? '',
          decision: decision.outcome ?? '',
          reasonCodes: decision.reasonCodes ?? [],
          receipt: { origin, index, leafHash, entryId: String(entry['id']) },
        };
      }),
    );
    return {
      disclosures,
      ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      notifications: await notifications,
    };
  }
}

function byTimeThenId<T>(time: (t: T) => string, id: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}
