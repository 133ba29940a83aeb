/**
 * The `demo-se` seed of policy-se.md §8: org `demo-se` (8 patient logs, `se-default` for SE), its
 * clients (scopes as api.md §5) and the Swedish recipients. Idempotent like the UK seed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { Scope } from '../../shared/ports/client-registry.ts';
import type { PutRecipientBody, PublicJwk } from '../../shared/schemas/admin.ts';
import type { AdminDeps, AdminService } from '../../shared/services/admin-service.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';

export const DEMO_SE_ORG = 'demo-se';
export const DEMO_SE_PATIENT_LOGS = 8;

export const DEMO_SE_CLIENTS: ReadonlyArray<{ clientId: string; name: string; scopes: Scope[] }> = [
  {
    clientId: 'demo-se-clinical',
    name: 'Demo journalsystem',
    scopes: ['disclosure:check', 'records:write', 'records:read'],
  },
  { clientId: 'demo-se-auditor', name: 'Demo granskare', scopes: ['audit:read'] },
  { clientId: 'demo-se-admin', name: 'Demo administratör', scopes: ['admin'] },
];

/** Organisation numbers are fictional, with valid check digits. */
export const DEMO_SE_RECIPIENTS: ReadonlyArray<{ recipientId: string } & PutRecipientBody> = [
  {
    recipientId: 'se-vc-norr',
    name: 'Vårdcentralen Norr',
    category: 'SE_VARDGIVARE',
    hsaId: 'SE5599000022-VC01',
    orgNr: '559900-0022',
    sjfParticipant: true,
  },
  {
    recipientId: 'se-hudklinik-syd',
    name: 'Hudkliniken Syd',
    category: 'SE_VARDGIVARE',
    hsaId: 'SE5599000030-HK01',
    orgNr: '559900-0030',
    sjfParticipant: false,
  },
  {
    recipientId: 'se-akuten',
    name: 'Akutmottagningen',
    category: 'SE_VARDGIVARE',
    hsaId: 'SE2120009994-AK01',
    orgNr: '212000-9994',
    sjfParticipant: true,
  },
  {
    recipientId: 'se-fb-trygg',
    name: 'Trygg Försäkring',
    category: 'SE_FORSAKRINGSBOLAG',
    orgNr: '559900-0048',
    payerId: 'se-fb-trygg',
  },
  {
    recipientId: 'se-fb-annan',
    name: 'Annan Försäkring',
    category: 'SE_FORSAKRINGSBOLAG',
    orgNr: '559900-0055',
    payerId: 'se-fb-annan',
  },
  { recipientId: 'se-fk', name: 'Försäkringskassan', category: 'SE_FORSAKRINGSKASSAN', authority: 'FORSAKRINGSKASSAN' },
  {
    recipientId: 'se-ag-demo',
    name: 'Demo Arbetsgivare AB',
    category: 'SE_ARBETSGIVARE',
    orgNr: '559900-0063',
    employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
  },
  { recipientId: 'se-ag-utan-avtal', name: 'Utan Avtal AB', category: 'SE_ARBETSGIVARE', orgNr: '559900-0071' },
  { recipientId: 'se-ivo', name: 'Inspektionen för vård och omsorg', category: 'SE_IVO', authority: 'IVO' },
  {
    recipientId: 'se-sos-par',
    name: 'Socialstyrelsen, patientregistret',
    category: 'SE_SOCIALSTYRELSEN_REGISTER',
    authority: 'SOCIALSTYRELSEN',
    register: 'PATIENTREGISTRET',
  },
  { recipientId: 'se-kvr-hud', name: 'Hudregistret (demo)', category: 'SE_KVALITETSREGISTER', register: 'HUDREG-DEMO' },
  { recipientId: 'se-polisen', name: 'Polismyndigheten', category: 'SE_POLIS', authority: 'POLISMYNDIGHETEN' },
  { recipientId: 'ins-acme-health', name: 'Acme Health Insurance', category: 'INSURER', payerId: 'ins-acme-health' },
];

async function loadOrCreateKey(keysDir: string, clientId: string): Promise<PublicJwk> {
  const path = join(keysDir, `${clientId}.private.jwk.json`);
  if (!existsSync(path)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `${clientId}-1`, alg: 'ES256' };
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  }
  const { d: _d, ...publicJwk } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return publicJwk as unknown as PublicJwk;
}

export async function seedDemoSe(deps: AdminDeps & { admin: AdminService }, keysDir: string): Promise<void> {
  const keys = new Map<string, PublicJwk>();
  for (const client of DEMO_SE_CLIENTS) keys.set(client.clientId, await loadOrCreateKey(keysDir, client.clientId));
  const adminKey = keys.get('demo-se-admin')!;
  await bootstrapOrganisation(deps, {
    org: DEMO_SE_ORG,
    name: 'Hudläkargruppen (demo)',
    patientLogs: DEMO_SE_PATIENT_LOGS,
    adminClientId: 'demo-se-admin',
    adminKey,
    packs: { SE: 'se-default' },
  });
  const caller = { org: DEMO_SE_ORG, clientId: 'demo-se-admin', kid: adminKey.kid, jti: 'seed-se' };
  for (const client of DEMO_SE_CLIENTS) {
    if (await deps.registry.getClient(DEMO_SE_ORG, client.clientId)) continue;
    await deps.admin.putClient({ ...caller, jti: `seed-${client.clientId}` }, client.clientId, {
      name: client.name,
      scopes: client.scopes,
      status: 'ACTIVE',
      keys: [keys.get(client.clientId)!],
    });
  }
  for (const { recipientId, ...body } of DEMO_SE_RECIPIENTS) {
    if (await deps.registry.getRecipient(DEMO_SE_ORG, recipientId)) continue;
    await deps.admin.putRecipient({ ...caller, jti: `seed-se-${recipientId}` }, recipientId, body);
  }
}
