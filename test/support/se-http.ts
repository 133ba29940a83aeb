/**
 * Sets a policy-se.md §8 scenario's records up for a fresh patient of `demo-se` THROUGH THE API:
 * registration (with employers), the spärr check, consents, objections, blocks, care relations,
 * all placed relative to now as the unit fixtures place them relative to the decision time.
 */
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { registerLogMarkers } from './log-registry.ts';
import {
  PN1_PERSONNUMMER,
  PN1_STORED,
  PN2_SAMORDNINGSNUMMER,
  PN2_STORED,
  SE_ORG,
  type SeRecordsSetup,
} from './se-scenarios.ts';
import { clientFor, freshId } from './stack.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export const demoSe = { clinical: () => clientFor('demo-se-clinical', undefined, SE_ORG) };

async function ok(client: GatekeeperClient, method: string, path: string, body: unknown) {
  const response = await client.request<Record<string, unknown>>(method, path, body);
  if (response.status !== 200)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function prepareSePatient(client: GatekeeperClient, patientId: string, setup: SeRecordsSetup) {
  const base = `/v1/patients/${patientId}`;
  const pn1 = setup.patient === 'PN-1';
  registerLogMarkers([patientId, pn1 ? PN1_STORED : PN2_STORED]);
  await ok(client, 'PUT', base, {
    identifiers: [
      pn1
        ? { system: 'SE_PERSONNUMMER', value: PN1_PERSONNUMMER }
        : { system: 'SE_SAMORDNINGSNUMMER', value: PN2_SAMORDNINGSNUMMER },
    ],
    ...(pn1 ? { employerRecipientIds: ['se-ag-demo'] } : {}),
  });
  const age = setup.sparrCheckAgeHours === undefined ? 1 : setup.sparrCheckAgeHours;
  if (age !== null)
    await ok(client, 'PUT', `${base}/sparr-check`, {
      status: 'CHECKED',
      checkedAt: ago(age * HOUR),
      source: 'NATIONELL_SPARRTJANST',
    });
  for (const consent of setup.consents ?? []) {
    const consentId = freshId('cons');
    await ok(client, 'POST', `${base}/consents`, {
      consentId,
      scope: consent.scope,
      ...(consent.recipientId !== undefined ? { recipientId: consent.recipientId } : {}),
      ...(consent.careUnitId !== undefined ? { careUnitId: consent.careUnitId } : {}),
      status: 'GIVEN',
      form: consent.form ?? 'WRITTEN',
      evidenceRef: 'blankett-1',
      capturedBy: 'staff-1',
      at: ago(2 * HOUR),
      ...(consent.expiresInDays !== undefined
        ? { expiresAt: new Date(Date.now() + consent.expiresInDays * DAY).toISOString() }
        : {}),
    });
    if (consent.withdrawn)
      await ok(client, 'POST', `${base}/consents/${consentId}/withdraw`, { at: ago(HOUR), recordedBy: 'staff-1' });
  }
  for (const scope of setup.objections ?? [])
    await ok(client, 'POST', `${base}/objections`, {
      objectionId: freshId('obj'),
      scope,
      at: ago(10 * DAY),
      recordedBy: 'staff-2',
    });
  for (const block of setup.blocks ?? [])
    await ok(client, 'POST', `${base}/blocks`, {
      blockId: freshId('blk'),
      kind: block.kind,
      ...(block.careUnitId !== undefined ? { careUnitId: block.careUnitId } : {}),
      at: ago(30 * DAY),
      source: 'LOCAL',
      recordedBy: 'staff-1',
    });
  if (setup.careRelationWith !== undefined)
    await ok(client, 'POST', `${base}/care-relations`, {
      relationId: freshId('vr'),
      recipientId: setup.careRelationWith,
      from: ago(3 * DAY),
      attestedBy: 'lak-9',
      evidenceRef: 'intyg-1',
    });
}
