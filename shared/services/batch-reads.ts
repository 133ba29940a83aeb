import type { PatientRecordsSnapshot } from '../records/model.ts';

/**
 * The reads one batch shares (POST /v1/disclosures/batch): a patient's records are read once for
 * all of the batch's items about that patient, instead of once per item. Safe because a shared
 * snapshot is only where a decision starts: its commit still holds only if the records are at that
 * snapshot's version, and a decision that loses that check is read and made again on fresh records
 * (a release counts itself without moving the version, so the patient's next episode keeps it).
 */
export class BatchReads {
  readonly #records = new Map<string, Promise<PatientRecordsSnapshot>>();

  /** The batch's snapshot of the patient's records, read by `read` on first use. */
  records(
    org: string,
    patientId: string,
    read: () => Promise<PatientRecordsSnapshot>,
  ): Promise<PatientRecordsSnapshot> {
    const key = JSON.stringify([org, patientId]);
    const known = this.#records.get(key);
    if (known) return known;
    const reading = read();
    this.#records.set(key, reading);
    // A failed read is not shared: the patient's next item reads again.
    reading.catch(() => this.#records.delete(key));
    return reading;
  }
}
