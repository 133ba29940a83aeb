/**
 * HTTP set-up for the policy-uk.md §9.7 scenarios: a fresh patient's records through the records
 * API (consents with their §9.1.2 terms, objections with the clinician who confirmed capacity), and
 * the scenario's request for that patient over the §9.7 defaults.
 */
import type { GatekeeperClient } from '../../shared/client/index.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { REGISTERED_NHS } from '../unit/policy/fixtures.ts';
import {
  defaults2026,
  type RestrictionSetup,
  type Scenario2026,
  type Setup2026,
} from '../unit/policy/scenarios-2026-2-table.ts';
import { registerLogMarkers } from './log-registry.ts';
import { liftRestriction, placeRestriction } from './restrictions.ts';
import { requestFor } from './scenarios.ts';
import { freshId } from './stack.ts';

const DAY = 86_400_000;

async function expectOk(client: GatekeeperClient, method: string, path: string, body: unknown): Promise<void> {
  const response = await client.request(method, path, body);
  if (response.status !== 200)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

/**
 * The §8 baseline (NHS number, GP, NDOP checked now), then consents given now, objections raised 30
 * days ago and the restrictions (placed a minute ago, lifted now when the scenario says so).
 */
export async function preparePatient2026(
  client: GatekeeperClient,
  patientId: string,
  setup: Setup2026 = {},
): Promise<void> {
  const base = `/v1/patients/${patientId}`;
  registerLogMarkers([patientId, REGISTERED_NHS]);
  await expectOk(client, 'PUT', base, {
    identifiers: [{ system: 'NHS_NUMBER', value: REGISTERED_NHS }],
    registeredGpOds: 'Y01234',
  });
  await expectOk(client, 'PUT', `${base}/ndop`, {
    status: setup.ndop ?? 'NOT_OPTED_OUT',
    checkedAt: new Date().toISOString(),
  });
  for (const { withdrawn, status, ...terms } of setup.consents ?? []) {
    const consentId = freshId('cons');
    await expectOk(client, 'POST', `${base}/consents`, {
      consentId,
      ...terms,
      status: status ?? 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    });
    if (withdrawn)
      await expectOk(client, 'POST', `${base}/consents/${consentId}/withdraw`, {
        at: new Date().toISOString(),
        recordedBy: 'staff-1',
      });
  }
  const objectionIds: string[] = [];
  for (const objection of setup.objections ?? []) {
    const objectionId = freshId('obj');
    objectionIds.push(objectionId);
    await expectOk(client, 'POST', `${base}/objections`, {
      objectionId,
      ...objection,
      at: new Date(Date.now() - 30 * DAY).toISOString(),
      recordedBy: 'staff-2',
    });
  }
  for (const restriction of setup.restrictions ?? []) await placeAsSetUp(client, patientId, restriction, objectionIds);
}

async function placeAsSetUp(
  client: GatekeeperClient,
  patientId: string,
  setup: RestrictionSetup,
  objectionIds: readonly string[],
): Promise<void> {
  const objectionId = setup.objection === undefined ? undefined : objectionIds[setup.objection];
  const placed = await placeRestriction(client, patientId, {
    restrictionId: freshId(setup.id),
    ground: setup.ground ?? 'ACCURACY_CONTESTED',
    ...(objectionId ? { objectionId } : {}),
    ...(setup.otherEpisodeOnly ? { episodeIds: ['EP-OTHER'] } : {}),
  });
  if (placed.status !== 200) throw new Error(`placing ${setup.id} answered ${placed.status}`);
  if (!setup.lifted) return;
  const lifted = await liftRestriction(client, patientId, placed.restrictionId);
  if (lifted.status !== 200) throw new Error(`lifting ${setup.id} answered ${lifted.status}`);
}

/** The scenario's request for `patientId`: episode `EP-<patientId>`, the §9.7 payload. */
export function request2026(patientId: string, scenario: Scenario2026): DisclosureRequest {
  const defaults = defaults2026(patientId);
  return requestFor(patientId, { ...defaults, ...scenario.request(defaults.episode!.id) });
}
