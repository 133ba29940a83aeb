import type { AdmissionRead } from '../auth/admission-read.ts';
import { NotFoundError } from '../errors.ts';
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { Organisation } from '../registry/model.ts';
import { RecipientWithClient } from '../registry/read-along.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { Caller } from './admin-service.ts';
import type { BatchReads } from './batch-reads.ts';
import { storedAnswer, type DisclosureAnswer } from './disclosure-answer.ts';
import type { DiscloseOptions, DisclosureDeps } from './disclosure-deps.ts';

/** What a disclosure has read before it decides; `replay` is a batch item's stored answer, if any. */
export interface FirstReads {
  readonly replay: DisclosureAnswer | undefined;
  readonly organisation: Organisation;
  readonly recipient: Recipient | undefined;
  readonly patientIndexKey: string;
  readonly firstSnapshot: PatientRecordsSnapshot;
}

/** What a disclosure reads before it decides: its org, recipient, the patient's audit key and records. */
export class DisclosureReads {
  readonly #deps: DisclosureDeps;
  readonly #organisations = new Map<string, Organisation>();

  constructor(deps: DisclosureDeps) {
    this.#deps = deps;
  }

  /**
   * Independent reads go out together. The request's own admission (registry read) is one of
   * them: nothing is written or answered until it is in. Only a batch looks for stored answers
   * first (one read for all its items); a single request's transaction finds its stored answer.
   */
  async first(
    caller: Caller,
    request: DisclosureRequest,
    requestDigest: string,
    { admitted, batch, readAlong }: DiscloseOptions,
    readRecords: () => Promise<PatientRecordsSnapshot>,
  ): Promise<FirstReads> {
    const [, replay, organisation, recipient, patientIndexKey, firstSnapshot] = await Promise.all([
      admitted ?? Promise.resolve(),
      batch ? storedAnswer(this.#deps, caller, request, requestDigest, batch) : undefined,
      this.organisation(caller.org),
      this.recipient(caller.org, request.recipientId, batch, readAlong),
      this.#auditKey(caller.org, 'LOCAL_ID', request.patientId),
      batch ? batch.records(caller.org, request.patientId, readRecords) : readRecords(),
    ]);
    return { replay, organisation, recipient, patientIndexKey, firstSnapshot };
  }

  /** Its patient log count and packs are fixed when the org is created, so one read per process suffices. */
  async organisation(org: string): Promise<Organisation> {
    const known = this.#organisations.get(org);
    if (known !== undefined) return known;
    const organisation = await this.#deps.registry.getOrganisation(org);
    if (!organisation) throw new NotFoundError('No such organisation');
    this.#organisations.set(org, organisation);
    return organisation;
  }

  recipient(
    org: string,
    recipientId: string,
    batch: BatchReads | undefined,
    readAlong?: AdmissionRead,
  ): Promise<Recipient | undefined> {
    const read = () => this.#deps.registry.getRecipient(org, recipientId);
    if (batch) return batch.recipient(org, recipientId, read);
    const readWithClient = readAlong instanceof RecipientWithClient ? readAlong.recipient(org, recipientId) : undefined;
    return readWithClient ?? read();
  }

  #auditKey(org: string, idType: 'LOCAL_ID', value: string): Promise<string> {
    return this.#deps.pseudonymiser.pseudonymise(org, { domain: 'AUDIT', idType, value });
  }
}
