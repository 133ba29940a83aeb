/**
 * GET …/records for a Swedish patient (policy-se.md §9) on the in-memory stores: blocks with their
 * lifts and whether each is in force, the latest spärr check, care relations, employers with their
 * agreements from the caller's own registry, the registerutdrag issued; a UK patient's answer is
 * as before.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, type ValidationFailedError } from '../../../shared/errors.ts';
import { MemoryRegistryStore } from '../../support/memory/memory-registry-store.ts';
import type { PlaceBlockBody } from '../../../shared/schemas/se-records.ts';
import { RegisterutdragService } from '../../../shared/services/se-registerutdrag.ts';
import { SwedishRecordsService } from '../../../shared/services/se-records-service.ts';
import { buildStack, caller, DEPLOYMENT, DIGEST, memoryStores, PATIENT_LOGS, seedOrg } from './fixture.ts';

const ORG = 'demo-se';
const OTHER = 'other-se';
const PATIENT = 'PN-1';
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T07:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

function setUp() {
  const stores = memoryStores();
  for (const org of [ORG, OTHER]) {
    stores.registry.putOrganisation({ org, name: org, patientLogs: PATIENT_LOGS, createdAt: daysAgo(300) });
    stores.registry.putRecipient({
      org,
      version: 1,
      recipientId: 'se-vc-norr',
      name: 'Vårdcentralen Norr',
      category: 'SE_VARDGIVARE',
      hsaId: 'SE5599000022-VC01',
    });
  }
  stores.registry.putRecipient({
    org: ORG,
    version: 1,
    recipientId: 'se-ag-demo',
    name: 'Demo AB',
    category: 'SE_ARBETSGIVARE',
    orgNr: '559900-0063',
    employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
  });
  // Another org's employer: an id this org never registered must resolve to nothing here.
  stores.registry.putRecipient({
    org: OTHER,
    version: 1,
    recipientId: 'se-ag-annan',
    name: 'Annan AB',
    category: 'SE_ARBETSGIVARE',
    orgNr: '559900-0071',
  });
  const stack = buildStack(stores, { clock: { now: () => NOW } });
  const deps = { ...stack, deployment: DEPLOYMENT };
  const swedish = new SwedishRecordsService(deps);
  const utdrag = new RegisterutdragService({ ...deps, history: stack.service });
  return { stores, stack, swedish, utdrag };
}

const block = (
  blockId: string,
  extra: { kind: 'INRE' | 'YTTRE'; careUnitId?: string; at?: string; expiresAt?: string },
): PlaceBlockBody => ({ blockId, at: daysAgo(30), source: 'LOCAL', recordedBy: 'staff-1', ...extra });

describe('GET …/records for a Swedish patient', () => {
  it('lists blocks with lifts, the spärr check, care relations, employers with agreements and registerutdrag', async () => {
    // Prepare
    const { stack, swedish, utdrag } = setUp();
    const me = caller(ORG);
    await stack.service.registerPatient(
      me,
      PATIENT,
      {
        identifiers: [{ system: 'SE_PERSONNUMMER', value: '640823-3234' }],
        employerRecipientIds: ['se-ag-demo'],
      },
      DIGEST,
    );
    const inre = block('blk-inre', { kind: 'INRE', careUnitId: 'SE5599000014-HUD2' });
    const yttre = block('blk-yttre', { kind: 'YTTRE', at: daysAgo(20) });
    const expired = block('blk-expired', { kind: 'INRE', careUnitId: 'SE5599000014-HUD1', expiresAt: daysAgo(1) });
    for (const body of [yttre, inre, expired]) await swedish.placeBlock(me, PATIENT, body, DIGEST);
    await swedish.liftBlock(
      me,
      PATIENT,
      'blk-yttre',
      { at: daysAgo(2), recordedBy: 'staff-2', reason: 'PATIENT_REQUEST' },
      DIGEST,
    );
    await swedish.putSparrCheck(
      me,
      PATIENT,
      { status: 'CHECKED', checkedAt: daysAgo(0.1), source: 'NATIONELL_SPARRTJANST' },
      DIGEST,
    );
    await swedish.addCareRelation(
      me,
      PATIENT,
      { relationId: 'vr-1', recipientId: 'se-vc-norr', from: daysAgo(3), attestedBy: 'lak-9', evidenceRef: 'intyg-1' },
      DIGEST,
    );
    await utdrag.issue(
      me,
      PATIENT,
      { utdragId: 'utdrag-1', requestedAt: daysAgo(1), form: 'E_ID', recordedBy: 'staff-1' },
      DIGEST,
    );

    // Act
    const records = await stack.service.getRecords(me, PATIENT);

    // Assess
    expect(records.identifiers).toEqual([{ system: 'SE_PNR', masked: '********3234' }]);
    expect(records.blocks?.map((b) => [b.blockId, b.active])).toEqual([
      ['blk-expired', false],
      ['blk-inre', true],
      ['blk-yttre', false],
    ]);
    expect(records.blocks?.find((b) => b.blockId === 'blk-yttre')?.lifted).toEqual({
      at: daysAgo(2),
      recordedBy: 'staff-2',
      reason: 'PATIENT_REQUEST',
    });
    expect(records.sparrCheck).toEqual({ status: 'CHECKED', checkedAt: daysAgo(0.1), source: 'NATIONELL_SPARRTJANST' });
    expect(records.careRelations).toMatchObject([{ relationId: 'vr-1', recipientId: 'se-vc-norr' }]);
    expect(records.employers).toEqual([
      {
        recipientId: 'se-ag-demo',
        registered: true,
        name: 'Demo AB',
        orgNr: '559900-0063',
        employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
      },
    ]);
    expect(records.registerutdrag).toEqual([
      expect.objectContaining({ utdragId: 'utdrag-1', countThisYear: 1, free: true }),
    ]);
  });

  it("refuses an employer that is not one of the org's SE_ARBETSGIVARE recipients, another org's included", async () => {
    // Prepare
    const { stack } = setUp();
    const registration = (employerRecipientIds: string[]) => ({
      identifiers: [{ system: 'SE_PERSONNUMMER' as const, value: '640823-3234' }],
      employerRecipientIds,
    });

    // Act
    const refused = await Promise.all(
      [['se-ag-demo', 'se-ag-annan'], ['se-vc-norr'], ['se-ag-typo']].map((ids) =>
        stack.service.registerPatient(caller(ORG), PATIENT, registration(ids), DIGEST).catch((error: unknown) => error),
      ),
    );

    // Assess
    expect(refused.map((error) => (error as ValidationFailedError).errors)).toEqual([
      [expect.objectContaining({ path: 'employerRecipientIds.1', code: 'RECIPIENT_UNKNOWN' })],
      [expect.objectContaining({ path: 'employerRecipientIds.0', code: 'RECIPIENT_UNKNOWN' })],
      [expect.objectContaining({ path: 'employerRecipientIds.0', code: 'RECIPIENT_UNKNOWN' })],
    ]);
    await expect(stack.service.getRecords(caller(ORG), PATIENT)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows an employer the registry no longer knows as registered: false', async () => {
    // Prepare: another process whose registry has lost the employer reads the same records
    const { stores, stack } = setUp();
    await stack.service.registerPatient(
      caller(ORG),
      PATIENT,
      { identifiers: [{ system: 'SE_PERSONNUMMER', value: '640823-3234' }], employerRecipientIds: ['se-ag-demo'] },
      DIGEST,
    );
    const registry = new MemoryRegistryStore();
    registry.putOrganisation({ org: ORG, name: ORG, patientLogs: PATIENT_LOGS, createdAt: daysAgo(300) });
    const reader = buildStack({ ...stores, registry });

    // Act
    const records = await reader.service.getRecords(caller(ORG), PATIENT);

    // Assess
    expect(records.employers).toEqual([{ recipientId: 'se-ag-demo', registered: false }]);
  });

  it("answers another org's client as if the patient did not exist", async () => {
    // Prepare
    const { stack, swedish } = setUp();
    await stack.service.registerPatient(
      caller(ORG),
      PATIENT,
      { identifiers: [{ system: 'SE_PERSONNUMMER', value: '640823-3234' }] },
      DIGEST,
    );
    await swedish.placeBlock(caller(ORG), PATIENT, block('blk-1', { kind: 'YTTRE' }), DIGEST);

    // Act
    const read = stack.service.getRecords(caller(OTHER), PATIENT);

    // Assess
    await expect(read).rejects.toBeInstanceOf(NotFoundError);
  });

  it('adds no Swedish member to a UK patient', async () => {
    // Prepare
    const { stores, stack } = setUp();
    seedOrg(stores, 'demo');
    await stack.service.registerPatient(
      caller('demo'),
      'MRN-1',
      { identifiers: [{ system: 'NHS_NUMBER', value: '9434765919' }] },
      DIGEST,
    );

    // Act
    const records = await stack.service.getRecords(caller('demo'), 'MRN-1');

    // Assess
    for (const member of ['blocks', 'sparrCheck', 'careRelations', 'employers', 'registerutdrag'])
      expect(records).not.toHaveProperty(member);
  });
});
