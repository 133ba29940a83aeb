import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { DisplayRole, Scope } from '../../shared/ports/client-registry.ts';
import type { RecipientCategory } from '../../shared/records/model.ts';
import type { AdminService } from '../../shared/services/admin-service.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';
import type { PublicJwk } from '../../shared/schemas/admin.ts';
import type { AdminDeps } from '../../shared/services/admin-service.ts';

/** The demo seed of api.md §5: org `demo` with 8 patient logs, six clients (three of them people) and the recipients of api.md §5 and policy-uk.md §9.7. */
export const DEMO_ORG = 'demo';
/** P of audit.md §1 for the demo org: fixed at bootstrap, recorded in its registry record. */
export const DEMO_PATIENT_LOGS = 8;

function person(displayRole: DisplayRole, scopes: Scope[]) {
  return { kind: 'PERSON' as const, displayRole, scopes };
}

export const DEMO_CLIENTS: ReadonlyArray<{
  clientId: string;
  name: string;
  scopes: Scope[];
  kind?: 'PERSON';
  displayRole?: DisplayRole;
}> = [
  { clientId: 'demo-clinical', name: 'Demo EPR', scopes: ['disclosure:check', 'records:write', 'records:read'] },
  { clientId: 'demo-auditor', name: 'Demo auditor', scopes: ['audit:read'] },
  { clientId: 'demo-admin', name: 'Demo administrator', scopes: ['admin'] },
  // The people of reviews.md: they sign in with keys of their own (api.md §5).
  {
    clientId: 'demo-cg',
    name: 'Demo Caldicott Guardian',
    ...person('CALDICOTT_GUARDIAN', ['review:decide', 'audit:read']),
  },
  { clientId: 'demo-dpo', name: 'Demo DPO', ...person('DPO', ['review:decide', 'audit:read', 'records:read']) },
  {
    clientId: 'demo-records',
    name: 'Demo records staff',
    ...person('RECORDS_STAFF', ['records:write', 'records:read']),
  },
];

export const DEMO_RECIPIENTS: ReadonlyArray<{
  recipientId: string;
  name: string;
  category: RecipientCategory;
  odsCode?: string;
  payerId?: string;
  regulator?: string;
  registry?: string;
  s251Ref?: string;
  ndopExempt?: boolean;
}> = [
  { recipientId: 'ins-acme-health', name: 'Acme Health Insurance', category: 'INSURER', payerId: 'ins-acme-health' },
  { recipientId: 'ins-other-mutual', name: 'Other Mutual', category: 'INSURER', payerId: 'ins-other-mutual' },
  { recipientId: 'gp-riverside', name: 'Riverside Surgery', category: 'GP', odsCode: 'Y01234' },
  { recipientId: 'gp-hillside', name: 'Hillside Medical Practice', category: 'GP', odsCode: 'Y05678' },
  { recipientId: 'nhs-north-trust', name: 'North NHS Trust', category: 'NHS_BODY', odsCode: 'RX1' },
  { recipientId: 'nhse-collections', name: 'NHS England data collections', category: 'NHS_BODY', odsCode: 'X26' },
  { recipientId: 'reg-gmc', name: 'General Medical Council', category: 'REGULATOR_PROFESSIONAL', regulator: 'GMC' },
  { recipientId: 'reg-cqc', name: 'Care Quality Commission', category: 'REGULATOR_SYSTEM', regulator: 'CQC' },
  { recipientId: 'phin', name: 'Private Healthcare Information Network', category: 'PHIN' },
  { recipientId: 'emergency-dept', name: 'Emergency department', category: 'EMERGENCY_CARE' },
  // policy-uk.md §9.7 (pack 2026.2)
  { recipientId: 'ext-practitioner', name: 'External practitioner', category: 'EXTERNAL_PRACTITIONER' },
  { recipientId: 'ext-other', name: 'Another external practitioner', category: 'EXTERNAL_PRACTITIONER' },
  { recipientId: 'audit-ext', name: 'External clinical audit', category: 'CLINICAL_AUDIT_EXTERNAL' },
  { recipientId: 'njr', name: 'National Joint Registry', category: 'NATIONAL_REGISTRY', registry: 'NJR' },
  { recipientId: 'nataudit', name: 'National audit', category: 'NATIONAL_AUDIT_S251', s251Ref: 'CAG-DEMO-1' },
  {
    recipientId: 'nataudit-exempt',
    name: 'National audit (opt-out exempt)',
    category: 'NATIONAL_AUDIT_S251',
    s251Ref: 'CAG-DEMO-2',
    ndopExempt: true,
  },
  { recipientId: 'sol-patient', name: "Patient's solicitors", category: 'SOLICITOR_PATIENT' },
  { recipientId: 'sol-defence', name: "Provider's solicitors", category: 'SOLICITOR_PROVIDER' },
  { recipientId: 'sol-third-party', name: 'Third-party solicitors', category: 'SOLICITOR_THIRD_PARTY' },
  { recipientId: 'court-civil', name: 'County Court', category: 'COURT' },
  { recipientId: 'police-local', name: 'Local police force', category: 'POLICE' },
  { recipientId: 'expert-medlegal', name: 'Medico-legal expert', category: 'MEDICAL_EXPERT' },
];

export function privateKeyPath(keysDir: string, clientId: string): string {
  return join(keysDir, `${clientId}.private.jwk.json`);
}

/** The client's private JWK, created on first start and kept under .local/keys (git-ignored). */
async function loadOrCreateKey(keysDir: string, clientId: string): Promise<PublicJwk> {
  const path = privateKeyPath(keysDir, clientId);
  if (!existsSync(path)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `${clientId}-1`, alg: 'ES256' };
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  }
  const { d: _d, ...publicJwk } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return publicJwk as unknown as PublicJwk;
}

/** Idempotent: a restart finds everything in place and changes nothing. */
export async function seedDemo(deps: AdminDeps & { admin: AdminService }, keysDir: string): Promise<void> {
  const keys = new Map<string, PublicJwk>();
  for (const client of DEMO_CLIENTS) keys.set(client.clientId, await loadOrCreateKey(keysDir, client.clientId));
  await bootstrapOrganisation(deps, {
    org: DEMO_ORG,
    name: 'Demo Hospital',
    patientLogs: DEMO_PATIENT_LOGS,
    adminClientId: 'demo-admin',
    adminKey: keys.get('demo-admin')!,
  });
  if (!(await deps.registry.getClient(DEMO_ORG, 'demo-admin'))) {
    // State written before client ids were scoped to their org keeps clients under the old keys.
    throw new Error('The local state predates org-scoped client ids: delete .local/ to start afresh');
  }
  const caller = { org: DEMO_ORG, clientId: 'demo-admin', kid: keys.get('demo-admin')!.kid, jti: 'seed' };
  for (const client of DEMO_CLIENTS) {
    const existing = await deps.registry.getClient(DEMO_ORG, client.clientId);
    if (existing) continue;
    await deps.admin.putClient({ ...caller, jti: `seed-${client.clientId}` }, client.clientId, {
      name: client.name,
      scopes: client.scopes,
      status: 'ACTIVE',
      keys: [keys.get(client.clientId)!],
      ...(client.kind ? { kind: client.kind, displayRole: client.displayRole } : {}),
    });
  }
  for (const { recipientId, ...body } of DEMO_RECIPIENTS) {
    if (await deps.registry.getRecipient(DEMO_ORG, recipientId)) continue;
    await deps.admin.putRecipient({ ...caller, jti: `seed-${recipientId}` }, recipientId, body);
  }
}
