import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';

/**
 * The reads one batch shares (POST /v1/disclosures/batch), instead of making them once per item:
 *
 * - a patient's records, once for all the batch's items about that patient. Safe because a shared
 *   snapshot is only where a decision starts: its commit still holds only if the records are at
 *   that snapshot's version, and a decision that loses that check is read and made again on fresh
 *   records (a release counts itself without moving the version, so the patient's next item keeps it);
 * - each recipient, once per batch: a batch is one request, and a single request too reads its
 *   recipient once, when it starts;
 * - the stored answers of all its requestIds, in one read, for each item's first look: an answer
 *   stored after it fails the item's commit, and that conflict is settled by reading it afresh.
 *
 * A failed read is not shared: the next item that needs it reads again.
 */
export class BatchReads {
  readonly #reads = new Map<string, Promise<unknown>>();

  /** The batch's snapshot of the patient's records, read by `read` on first use. */
  records(
    org: string,
    patientId: string,
    read: () => Promise<PatientRecordsSnapshot>,
  ): Promise<PatientRecordsSnapshot> {
    return this.#shared(['records', org, patientId], read);
  }

  /** The batch's reading of the recipient, read by `read` on first use. */
  recipient(
    org: string,
    recipientId: string,
    read: () => Promise<Recipient | undefined>,
  ): Promise<Recipient | undefined> {
    return this.#shared(['recipient', org, recipientId], read);
  }

  /**
   * Records what one read of many requestIds found (absent: no answer stored yet), so each item's
   * first look is answered from it; a requestId it did not cover is read by `answer` as usual.
   */
  answersRead(org: string, clientId: string, requestIds: readonly string[], found: ReadonlyMap<string, unknown>): void {
    for (const requestId of requestIds)
      this.#reads.set(JSON.stringify(['answer', org, clientId, requestId]), Promise.resolve(found.get(requestId)));
  }

  /** The item's first look for a stored answer: the batch's read of it, or `read`. */
  answer<T>(
    org: string,
    clientId: string,
    requestId: string,
    read: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    return this.#shared(['answer', org, clientId, requestId], read);
  }

  #shared<T>(parts: readonly string[], read: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(parts);
    const known = this.#reads.get(key);
    if (known) return known as Promise<T>;
    const reading = read();
    this.#reads.set(key, reading);
    reading.catch(() => this.#reads.delete(key));
    return reading;
  }
}
