/**
 * A batch warms the pseudonyms its decisions will certainly need (pseudonymisation.md "a batch
 * removes duplicates before calling"): every patient's audit key, and for PHIN recipients the
 * episode and local ids. A value the pseudonymiser would refuse is left to the decision, which
 * reports it per item, so it must never reach the up-front call (that call failing fails the batch).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseForPseudonym, type PseudonymRequest } from '../../../shared/pseudonym/pseudonymiser.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { pseudonymsToWarm } from '../../../shared/services/batch-pseudonyms.ts';
import { RECIPIENTS, fullPayload, request } from '../policy/fixtures.ts';

/** Values the pseudonymiser accepts, and blanks it refuses. */
const valueArbitrary = fc.oneof(fc.stringMatching(/^[A-Z0-9-]{1,12}$/u), fc.constantFrom('', '   '));

const requestArbitrary = fc
  .record({
    patientId: valueArbitrary,
    recipientId: fc.constantFrom('phin', 'gp-riverside'),
    episodeId: valueArbitrary,
    localId: fc.option(valueArbitrary, { nil: undefined }),
  })
  .map(({ patientId, recipientId, episodeId, localId }): DisclosureRequest => {
    const base = request({ patientId, recipientId });
    const payload = fullPayload();
    return {
      ...base,
      episode: { ...base.episode, id: episodeId },
      payload: { ...payload, patient: { ...payload.patient, localId } },
    };
  });

const accepted = (wanted: PseudonymRequest) => {
  try {
    normaliseForPseudonym(wanted.idType, wanted.value);
    return true;
  } catch {
    return false;
  }
};

const has = (list: readonly PseudonymRequest[], wanted: PseudonymRequest) =>
  list.some((item) => item.domain === wanted.domain && item.idType === wanted.idType && item.value === wanted.value);

describe('pseudonymsToWarm', () => {
  it("wants each usable audit key, and PHIN's episode and local ids only for items sent to PHIN", () => {
    fc.assert(
      fc.property(fc.array(requestArbitrary, { maxLength: 20, size: 'max' }), (requests) => {
        // Prepare
        const recipients = [RECIPIENTS['phin'], RECIPIENTS['gp-riverside']];
        const toPhin = requests.filter((item) => item.recipientId === 'phin');
        const phinValues = new Set(toPhin.flatMap((item) => [item.episode.id, String(item.payload.patient?.localId)]));

        // Act
        const wanted = pseudonymsToWarm(requests, recipients);

        // Assess
        expect(wanted.every(accepted)).toBe(true);
        for (const item of requests) {
          const auditKey: PseudonymRequest = { domain: 'AUDIT', idType: 'LOCAL_ID', value: item.patientId };
          expect(has(wanted, auditKey)).toBe(accepted(auditKey));
        }
        for (const item of toPhin) {
          const episode: PseudonymRequest = { domain: 'PHIN', idType: 'EPISODE', value: item.episode.id };
          expect(has(wanted, episode)).toBe(accepted(episode));
        }
        const phinWanted = wanted.filter((item) => item.domain === 'PHIN');
        expect(phinWanted.every((item) => phinValues.has(item.value))).toBe(true);
      }),
    );
  });

  it('treats a recipient that could not be read as not PHIN', () => {
    // Prepare
    const toPhin = request({ patientId: 'MRN-7', recipientId: 'phin' });

    // Act
    const wanted = pseudonymsToWarm([toPhin], [undefined]);

    // Assess
    expect(wanted).toEqual([{ domain: 'AUDIT', idType: 'LOCAL_ID', value: 'MRN-7' }]);
  });
});
