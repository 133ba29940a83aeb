/**
 * The restriction log promise (policy-uk.md §9.3.3) caught by the offline verifier: a release
 * forged into the log after a restriction covering it, without an Art 18(2) exception code, is
 * `restriction_violation` at its index; the genuine log (a release before the restriction, the
 * restriction, a DENY after it) verifies clean. Written through the real store as an insider would.
 */
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { freshPatientId } from '../support/stack.ts';
import { expectOk, freshOrg, publishedVkeys, verifyOverApi } from './audit-fixture.ts';
import { forgeAppend, storedEntry } from './forge-fixture.ts';

const nextUlid = monotonicFactory();

describe('the restriction log promise (policy-uk.md §9.3.3)', () => {
  it('verifies the genuine log, and names a release forged in after the restriction: restriction_violation', async () => {
    // Prepare
    const org = await freshOrg(1);
    const p0 = org.origin('p0');
    const { patientId } = await preparePatient(org.clinical, freshPatientId());
    const before = decisionAnswerSchema.parse(
      await expectOk(org.clinical.request('POST', '/v1/disclosures', requestFor(patientId))),
    );
    const placed = await placeRestriction(org.clinical, patientId, { at: new Date().toISOString() });
    const after = decisionAnswerSchema.parse(
      await expectOk(org.clinical.request('POST', '/v1/disclosures', requestFor(patientId))),
    );
    const vkeys = await publishedVkeys(org.auditor);
    const clean = await verifyOverApi(org.auditor, vkeys);
    const real = await storedEntry(p0, before.receipt.index);

    // Act
    const index = await forgeAppend(p0, { ...real, id: nextUlid(), time: new Date().toISOString() });
    const tampered = await verifyOverApi(org.auditor, vkeys);

    // Assess
    expect([placed.status, after.decision]).toEqual([200, 'DENY']);
    expect(clean.failures).toEqual([]);
    expect(tampered.failures).toEqual([expect.objectContaining({ code: 'restriction_violation', origin: p0, index })]);
  });
});
