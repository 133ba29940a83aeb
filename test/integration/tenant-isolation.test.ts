/**
 * Tenant isolation as a matrix: every route of the route table (infra/routes.ts, so a new route is
 * covered the day it is added) × every scope (SCOPES) × the caller's own org or another org (org B,
 * created with the bootstrap command). The caller is always an org A (demo) client holding that
 * one scope; "another org" means the path and body name org B's patient, consent, objection,
 * recipient, client, key and log.
 *
 * - Without the route's scope: 403, whatever the target.
 * - With it, own org: answered (not 403, not 5xx).
 * - With it, org B: 403 or 404; or, where the caller names a new record (ids are per org), a 2xx
 *   whose receipts are all in org A's logs. Org B's records and keys are unchanged afterwards.
 * - No answer carries anything of org B's that org A never sent: names, its log's origin, receipts,
 *   entry ids, leaf hashes, digests, and the ids org A never named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClientKey, publicJwkOf, type GatekeeperClient } from '../../shared/client/index.ts';
import { SCOPES } from '../../shared/ports/client-registry.ts';
import { ROUTES, type Route } from '../../infra/routes.ts';
import { addConsent, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';
import { createOtherOrg, registerClient, type OtherOrg } from '../support/tenants.ts';

interface Target {
  readonly patientId: string;
  readonly consentId: string;
  readonly objectionId: string;
  readonly recipientId: string;
  readonly clientId: string;
  readonly kid: string;
  readonly origin: string;
  /** No case of either org: a review id answers 404 whoever asks (existence is never revealed). */
  readonly reviewId?: string;
}

let orgB: OtherOrg;
let own: Target;
/** A caregiver of the caller's own org: a care relation names one whichever org's patient is probed. */
const ownCaregiverId = freshId('tenant-vg');
const callers = new Map<string, GatekeeperClient>();

beforeAll(async () => {
  orgB = await createOtherOrg();
  const clinical = demo.clinical();
  const { patientId } = await preparePatient(clinical, freshPatientId('TEN'));
  const consentId = await addConsent(clinical, patientId, 'INSURER_CLAIM');
  const objectionId = freshId('obj');
  const objection = await clinical.request<{ receipt: { origin: string } }>(
    'POST',
    `/v1/patients/${patientId}/objections`,
    { objectionId, scope: 'GP', at: new Date().toISOString(), recordedBy: 'staff-1' },
  );
  const probe = await registerClient(demo.admin(), 'demo', freshId('tenant-own'), 'Own probe client', ['records:read']);
  // A recipient of its own: the matrix PUTs over it, and the demo recipients are shared with other tests.
  own = {
    patientId,
    consentId,
    objectionId,
    recipientId: freshId('tenant-rcp'),
    clientId: probe.clientId,
    kid: probe.kid,
    origin: objection.body.receipt.origin,
  };
  await demo.admin().request('PUT', `/v1/recipients/${ownCaregiverId}`, {
    name: 'Tenant probe caregiver',
    category: 'SE_VARDGIVARE',
    hsaId: 'SE5599000022-VC01',
  });
  for (const scope of SCOPES) {
    callers.set(
      scope,
      scope === 'admin'
        ? demo.admin()
        : (
            await registerClient(
              demo.admin(),
              'demo',
              freshId(`tenant-${scope.replace(':', '-')}`),
              'Tenant matrix caller',
              [scope],
            )
          ).client,
    );
  }
}, 120_000);

function pathFor(route: Route, target: Target): string {
  // Ids the targets do not hold (a restriction, a notification) are probes: unknown in both orgs.
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(target[name as keyof Target] ?? `probe-${name}`)),
  );
}

async function bodyFor(route: Route, target: Target): Promise<unknown> {
  const now = new Date().toISOString();
  const disclosure = () =>
    requestFor(target.patientId, {
      recipientId: target.recipientId,
      purpose: 'PAYMENT',
      subPurpose: 'CLAIM',
      episode: {
        id: 'EP-TEN-1',
        type: 'APC_DAYCASE',
        funding: 'INSURED',
        payerId: target.recipientId,
        referralSourceOds: null,
      },
    });
  const bodies: Record<string, () => unknown> = {
    'PUT /v1/recipients/{recipientId}': () => ({ name: 'Tenant probe recipient', category: 'GP', odsCode: 'Y09999' }),
    'PUT /v1/patients/{patientId}': () => ({
      identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }],
      registeredGpOds: 'Y01234',
    }),
    'POST /v1/patients/{patientId}/consents': () => ({
      consentId: target.consentId,
      scope: 'INSURER_CLAIM',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: now,
    }),
    'POST /v1/patients/{patientId}/consents/{consentId}/withdraw': () => ({ at: now, recordedBy: 'staff-1' }),
    'POST /v1/patients/{patientId}/objections': () => ({
      objectionId: target.objectionId,
      scope: 'GP',
      at: now,
      recordedBy: 'staff-1',
    }),
    'POST /v1/patients/{patientId}/objections/{objectionId}/withdraw': () => ({ at: now, recordedBy: 'staff-1' }),
    'PUT /v1/patients/{patientId}/ndop': () => ({ status: 'NOT_OPTED_OUT', checkedAt: now }),
    'POST /v1/patients/{patientId}/restrictions': () => ({
      restrictionId: 'probe-res',
      ground: 'ACCURACY_CONTESTED',
      requestedBy: 'PATIENT',
      at: now,
      recordedBy: 'staff-1',
    }),
    'POST /v1/patients/{patientId}/restrictions/{restrictionId}/lift': () => ({
      at: now,
      recordedBy: 'staff-1',
      reason: 'ACCURACY_VERIFIED',
      patientInformedAt: now,
    }),
    'POST /v1/notifications/{notificationId}/sent': () => ({
      requestId: 'probe-req',
      at: now,
      channel: 'LETTER',
      recordedBy: 'staff-1',
    }),
    'POST /v1/notifications/{notificationId}/not-required': () => ({
      requestId: 'probe-req',
      reasonCode: 'DISPROPORTIONATE_EFFORT',
      recordedBy: 'staff-1',
    }),
    'POST /v1/patients/{patientId}/erase': () => ({
      requestId: 'probe-req',
      at: now,
      recordedBy: 'staff-1',
      grounds: 'NO_LONGER_NECESSARY',
    }),
    'POST /v1/disclosures': disclosure,
    'POST /v1/disclosures/batch': () => ({ requests: [disclosure()] }),
    'POST /v1/phin/resolve': () => ({ episodeKeys: [`v1.${'A'.repeat(43)}`], episodeIds: ['EP-TEN-1'] }),
    'POST /v1/audit/search': () => ({ patientId: target.patientId, limit: 50 }),
    'POST /v1/audit/proofs/inclusion': () => ({ origin: target.origin, index: 0, treeSize: 1 }),
    'POST /v1/audit/proofs/consistency': () => ({ origin: target.origin, fromSize: 1, toSize: 2 }),
    'POST /v1/audit/entries': () => ({ origin: target.origin, start: 0, limit: 50 }),
    'POST /v1/reviews/search': () => ({ patientId: target.patientId }),
    'POST /v1/notifications/search': () => ({ patientId: target.patientId }),
    'POST /v1/reviews': () => ({
      reviewId: freshId('t'),
      requestId: freshId('t'),
      patientId: target.patientId,
      entryId: '01JD0000000000000000000000',
      grounds: 'The patient asks for a person to look at it',
    }),
    'POST /v1/reviews/{reviewId}/decide': () => ({
      requestId: freshId('t'),
      outcome: 'APPROVED',
      role: 'DPO',
      justification: 'Tenant probe',
    }),
    // Swedish records (policy-se.md §9): bodies that pass the schema, so the scope and the org decide.
    'POST /v1/patients/{patientId}/blocks': () => ({
      blockId: freshId('blk'),
      kind: 'YTTRE',
      at: now,
      source: 'LOCAL',
      recordedBy: 'staff-1',
    }),
    'POST /v1/patients/{patientId}/blocks/{blockId}/lift': () => ({
      at: now,
      recordedBy: 'staff-1',
      reason: 'PATIENT_REQUEST',
    }),
    'PUT /v1/patients/{patientId}/sparr-check': () => ({ status: 'CHECKED', checkedAt: now, source: 'LOCAL' }),
    'POST /v1/patients/{patientId}/care-relations': () => ({
      relationId: freshId('rel'),
      recipientId: ownCaregiverId,
      from: now,
      attestedBy: 'staff-1',
      evidenceRef: 'scan-1',
    }),
    'POST /v1/patients/{patientId}/care-relations/{relationId}/end': () => ({ at: now, recordedBy: 'staff-1' }),
    'POST /v1/patients/{patientId}/registerutdrag': () => ({
      utdragId: freshId('utdrag'),
      requestedAt: now,
      form: 'E_ID',
      recordedBy: 'staff-1',
    }),
  };
  const key = `${route.method} ${route.path}`;
  if (key === 'PUT /v1/clients/{clientId}') {
    const { privateJwk } = await generateClientKey('ES256', freshId('probe-k'));
    return { name: 'Tenant probe client', scopes: ['records:read'], status: 'ACTIVE', keys: [publicJwkOf(privateJwk)] };
  }
  return bodies[key]?.() ?? (route.method === 'GET' ? undefined : {});
}

/**
 * Everything org A has sent so far. Ids are per org: when org A names org B's patient or consent
 * id, it makes a record of ITS OWN under that id, and may read it back later.
 */
let sentByOrgA = '';

/** Org B's strings that org A never sent: any of them in an answer to org A is a leak. */
function leaked(text: string): string[] {
  return orgB.secrets.filter((secret) => !sentByOrgA.includes(secret) && text.includes(secret));
}

const CASES = ROUTES.flatMap((route) =>
  SCOPES.flatMap((scope) =>
    (['own', 'other'] as const).map((target) => ({ route, scope, target, name: `${route.method} ${route.path}` })),
  ),
);

describe('tenant isolation matrix', () => {
  it.each(CASES)('$name as $scope on the $target org', async ({ route, scope, target }) => {
    // Prepare
    const ids = target === 'own' ? own : orgB;
    const path = pathFor(route, ids);
    const body = await bodyFor(route, ids);
    const required = route.scope;
    const granted = scope === required || scope === route.alsoScope;

    sentByOrgA += `\n${path}\n${JSON.stringify(body ?? '')}`;

    // Act
    const answer = await callers.get(scope)!.request(route.method, path, body);

    // Assess
    const text = JSON.stringify(answer.body ?? '');
    expect(leaked(text), text).toEqual([]);
    if (required === 'public') return expect(answer.status).toBe(200);
    if (!granted) return expect(answer.status, text).toBe(403);
    expect(answer.status, text).toBeLessThan(500);
    if (target === 'own') return expect(answer.status, text).not.toBe(403);
    if (answer.status === 403 || answer.status === 404) return;
    expect(answer.status, text).toBeLessThan(300);
    const origins = [...text.matchAll(/"origin":"([^"]+)"/g)].map((match) => match[1]);
    expect(
      origins.every((origin) => origin!.startsWith('gatekeeper.local/demo/')),
      text,
    ).toBe(true);
  });

  it("leaves org B's records and keys as they were", async () => {
    // Prepare
    const orgBClinical = orgB.client;

    // Act
    const records = await orgBClinical.request<{
      consents: Array<{ consentId: string; withdrawn?: unknown }>;
      objections: Array<{ objectionId: string; withdrawn?: unknown }>;
    }>('GET', `/v1/patients/${orgB.patientId}/records`);

    // Assess
    expect(records.status).toBe(200);
    expect(records.body.consents.find((consent) => consent.consentId === orgB.consentId)?.withdrawn).toBeUndefined();
    expect(
      records.body.objections.find((objection) => objection.objectionId === orgB.objectionId)?.withdrawn,
    ).toBeUndefined();
  });
});
