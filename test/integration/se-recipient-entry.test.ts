/**
 * policy-se.md §2 and §9 "Administration" over HTTP: a Swedish recipient's identifiers and the
 * attributes its gates read (hsaId, orgNr, authority, register, sjfParticipant, employerAgreement)
 * are recorded in the `admin.recipient.changed` entry like the UK ones, never its name, and the
 * offline verifier still passes over the org's whole log.
 */
import { describe, expect, it } from 'vitest';
import { logEntries } from '../support/scenarios.ts';
import { expectOk, freshOrg, publishedVkeys, verifyOverApi } from './audit-fixture.ts';

type Logged = { receipt: { origin: string; index: number } };

const CAREGIVER = {
  name: 'Vårdcentralen Norr',
  category: 'SE_VARDGIVARE',
  hsaId: 'SE5599000022-VC01',
  orgNr: '5599000022',
  sjfParticipant: true,
};
const EMPLOYER = {
  name: 'Demo AB',
  category: 'SE_ARBETSGIVARE',
  orgNr: '559900-0063',
  employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01', validTo: '2027-12-31' },
};
const REGISTER = {
  name: 'Patientregistret',
  category: 'SE_SOCIALSTYRELSEN_REGISTER',
  authority: 'SOCIALSTYRELSEN',
  register: 'PATIENTREGISTRET',
};

describe('Swedish recipient attributes in admin.recipient.changed (policy-se.md §2)', () => {
  it('records each Swedish attribute as stored, never the name, and the org log still verifies', async () => {
    // Prepare
    const { admin, auditor } = await freshOrg();

    // Act
    const puts = await Promise.all(
      [CAREGIVER, EMPLOYER, REGISTER].map((body, i) =>
        expectOk<Logged>(admin.request('PUT', `/v1/recipients/se-r${i}`, body)),
      ),
    );
    const entries = await logEntries(puts[0]!.receipt.origin);
    const logged = (index: number) =>
      (entries.find((e) => e.index === index)?.entry as unknown as { change: { recipient: unknown } }).change.recipient;
    const report = await verifyOverApi(auditor, await publishedVkeys(auditor));

    // Assess
    expect(puts.map((put) => logged(put.receipt.index))).toEqual([
      {
        recipientId: 'se-r0',
        category: 'SE_VARDGIVARE',
        hsaId: 'SE5599000022-VC01',
        orgNr: '559900-0022',
        sjfParticipant: true,
      },
      {
        recipientId: 'se-r1',
        category: 'SE_ARBETSGIVARE',
        orgNr: '559900-0063',
        employerAgreement: EMPLOYER.employerAgreement,
      },
      {
        recipientId: 'se-r2',
        category: 'SE_SOCIALSTYRELSEN_REGISTER',
        authority: 'SOCIALSTYRELSEN',
        register: 'PATIENTREGISTRET',
      },
    ]);
    expect(JSON.stringify(entries.map((e) => e.entry))).not.toMatch(/Vårdcentralen|Demo AB|Patientregistret/u);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  }, 60_000);
});
