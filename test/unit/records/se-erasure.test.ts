/**
 * Erasure of a Swedish patient (reviews.md §4, policy-se.md §2) on the in-memory stores: blocks,
 * care relations, registerutdrag, the spärr check and the employers leave the records with the
 * rest, in the erasure's one change; the log keeps every entry.
 */
import { describe, expect, it } from 'vitest';
import { RegisterutdragService } from '../../../shared/services/se-registerutdrag.ts';
import { SwedishRecordsService } from '../../../shared/services/se-records-service.ts';
import { buildStack, caller, DEPLOYMENT, DIGEST, logEntries, memoryStores, originOf, PATIENT_LOGS } from './fixture.ts';

const ORG = 'demo-se';
const PATIENT = 'PN-1';
const AT = '2026-11-20T09:00:00.000Z';

function setUp() {
  const stores = memoryStores();
  stores.registry.putOrganisation({ org: ORG, name: ORG, patientLogs: PATIENT_LOGS, createdAt: AT });
  stores.registry.putRecipient({
    org: ORG,
    version: 1,
    recipientId: 'se-vc-norr',
    name: 'VC Norr',
    category: 'SE_VARDGIVARE',
  });
  stores.registry.putRecipient({
    org: ORG,
    version: 1,
    recipientId: 'se-ag-demo',
    name: 'Demo AB',
    category: 'SE_ARBETSGIVARE',
  });
  const stack = buildStack(stores);
  const deps = { ...stack, deployment: DEPLOYMENT };
  return {
    stores,
    stack,
    swedish: new SwedishRecordsService(deps),
    utdrag: new RegisterutdragService({ ...deps, history: stack.service }),
  };
}

describe('erasing a Swedish patient', () => {
  it('removes blocks, care relations, registerutdrag, the spärr check and employers; the log keeps them', async () => {
    // Prepare
    const { stores, stack, swedish, utdrag } = setUp();
    const me = caller(ORG);
    await stack.service.registerPatient(
      me,
      PATIENT,
      { identifiers: [{ system: 'SE_PERSONNUMMER', value: '640823-3234' }], employerRecipientIds: ['se-ag-demo'] },
      DIGEST,
    );
    const block = {
      blockId: 'blk-1',
      kind: 'INRE',
      careUnitId: 'SE5599000014-HUD2',
      at: AT,
      source: 'LOCAL',
      recordedBy: 'staff-1',
    } as const;
    await swedish.placeBlock(me, PATIENT, block, DIGEST);
    await swedish.putSparrCheck(
      me,
      PATIENT,
      { status: 'CHECKED', checkedAt: AT, source: 'NATIONELL_SPARRTJANST' },
      DIGEST,
    );
    await swedish.addCareRelation(
      me,
      PATIENT,
      { relationId: 'vr-1', recipientId: 'se-vc-norr', from: AT, attestedBy: 'lak-9', evidenceRef: 'intyg-1' },
      DIGEST,
    );
    await utdrag.issue(
      me,
      PATIENT,
      { utdragId: 'utdrag-1', requestedAt: AT, form: 'E_ID', recordedBy: 'staff-1' },
      DIGEST,
    );
    const logged = logEntries(stores, originOf(ORG, PATIENT)).length;

    // Act
    await stack.service.erasePatient(
      me,
      PATIENT,
      { requestId: 'erase-1', at: AT, recordedBy: 'dpo-1', grounds: 'NO_LONGER_NECESSARY' },
      DIGEST,
    );

    // Assess
    const snapshot = await stores.records.read(ORG, PATIENT);
    expect(snapshot).toMatchObject({ blocks: [], careRelations: [], registerutdrag: [] });
    expect(snapshot.sparrCheck).toBeUndefined();
    expect(snapshot.employerRecipientIds ?? []).toEqual([]);
    expect(stores.records.storedMeta(ORG, PATIENT)).not.toHaveProperty('sparrCheck');
    const records = await stack.service.getRecords(me, PATIENT);
    for (const member of ['blocks', 'sparrCheck', 'careRelations', 'employers', 'registerutdrag'])
      expect(records).not.toHaveProperty(member);
    const entries = logEntries(stores, originOf(ORG, PATIENT));
    expect(entries).toHaveLength(logged + 1);
    expect(entries.map(({ entry }) => entry['type'])).toContain('record.block.placed');
  });
});
