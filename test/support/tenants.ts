/**
 * TESTS ONLY. A second organisation on the running stack, made the way a deployer makes one (the
 * `gatekeeper bootstrap` command), then filled through its own signed API: a recipient, clients,
 * a patient with a consent, an objection and a released disclosure. Everything it knows that
 * another org must never see (ids, names, receipts, entry ids, leaf hashes) is listed in `secrets`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../cli/commands/index.ts';
import type { CliIo } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { generateClientKey, publicJwkOf, type GatekeeperClient } from '../../shared/client/index.ts';
import { addConsent, preparePatient, requestFor } from './scenarios.ts';
import { clientFor, freshId, stack } from './stack.ts';

export interface OtherOrg {
  readonly org: string;
  readonly patientId: string;
  readonly consentId: string;
  readonly objectionId: string;
  readonly recipientId: string;
  readonly clientId: string;
  readonly kid: string;
  readonly origin: string;
  /** Org B's own clinical system (disclosure:check, records:write, records:read). */
  readonly client: GatekeeperClient;
  /** Strings only this org's data contains. */
  readonly secrets: readonly string[];
}

export async function createOtherOrg(): Promise<OtherOrg> {
  const org = `orgb-${freshId('t').slice(2, 14).toLowerCase()}`;
  const admin = await bootstrapAdmin(org);
  const recipientId = `${org}-insurer`;
  const recipientName = `Org B Mutual ${org}`;
  await ok(
    admin.request('PUT', `/v1/recipients/${recipientId}`, {
      name: recipientName,
      category: 'INSURER',
      payerId: recipientId,
    }),
  );
  const clinicalName = `Org B EPR ${org}`;
  const clinical = await registerClient(admin, org, `${org}-epr`, clinicalName, [
    'disclosure:check',
    'records:write',
    'records:read',
  ]);
  const patientId = `${org}-pat-1`;
  await preparePatient(clinical.client, patientId);
  const consentId = await addConsent(clinical.client, patientId, 'INSURER_CLAIM');
  const objectionId = `${org}-obj-1`;
  const objection = await ok(
    clinical.client.request('POST', `/v1/patients/${patientId}/objections`, {
      objectionId,
      scope: 'GP',
      at: new Date().toISOString(),
      recordedBy: 'staff-b',
    }),
  );
  const episode = {
    id: `${org}-ep-1`,
    type: 'APC_DAYCASE',
    funding: 'INSURED',
    payerId: recipientId,
    referralSourceOds: null,
  } as const;
  const decision = await ok(
    clinical.client.request(
      'POST',
      '/v1/disclosures',
      requestFor(patientId, { recipientId, purpose: 'PAYMENT', subPurpose: 'CLAIM', episode }),
    ),
  );
  const receipts = [objection, decision].map(
    (body) => body['receipt'] as { origin: string; entryId: string; leafHash: string },
  );
  return {
    org,
    patientId,
    consentId,
    objectionId,
    recipientId,
    clientId: clinical.clientId,
    kid: clinical.kid,
    origin: receipts[1]!.origin,
    client: clinical.client,
    secrets: [
      `gatekeeper.local/${org}/`,
      org,
      recipientId,
      recipientName,
      clinicalName,
      clinical.clientId,
      patientId,
      consentId,
      objectionId,
      episode.id,
      // Not the payload digest: it is of the released content alone, so any org releasing the same
      // minimised fields (the demo payload is shared) computes the same one; it names nothing of org B.
      ...receipts.flatMap((receipt) => [receipt.entryId, receipt.leafHash]),
    ],
  };
}

async function bootstrapAdmin(org: string): Promise<GatekeeperClient> {
  const cwd = await mkdtemp(join(tmpdir(), 'gk-tenant-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: stack().dynamoDbEndpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  const { privateJwk } = await generateClientKey('ES256', `${org}-admin-k1`);
  await writeFile(join(cwd, 'admin.public.jwk.json'), JSON.stringify(publicJwkOf(privateJwk)));
  const err: string[] = [];
  const io: CliIo = {
    out: () => undefined,
    err: (line) => err.push(line),
    env: { ...stack().environment },
    cwd,
    fetch: globalThis.fetch,
  };
  const code = await main(
    [
      'bootstrap',
      '--org',
      org,
      '--name',
      `Org B ${org}`,
      '--admin-client',
      `${org}-admin`,
      '--admin-key',
      'admin.public.jwk.json',
    ],
    io,
    COMMANDS,
  );
  if (code !== 0) throw new Error(`bootstrap failed (${code}): ${err.join(' ')}`);
  return clientFor(`${org}-admin`, privateJwk, org);
}

export async function registerClient(
  admin: GatekeeperClient,
  org: string,
  clientId: string,
  name: string,
  scopes: string[],
) {
  const kid = `${clientId}-k1`;
  const { privateJwk } = await generateClientKey('ES256', kid);
  await ok(
    admin.request('PUT', `/v1/clients/${clientId}`, {
      name,
      scopes,
      status: 'ACTIVE',
      keys: [publicJwkOf(privateJwk)],
      // Deciding reviews is a person's act (api.md §4.4): such a caller is registered as a DPO.
      ...(scopes.includes('review:decide') ? { kind: 'PERSON', displayRole: 'DPO' } : {}),
    }),
  );
  return { clientId, kid, client: clientFor(clientId, privateJwk, org) };
}

async function ok(pending: Promise<{ status: number; body: unknown }>): Promise<Record<string, unknown>> {
  const { status, body } = await pending;
  if (status !== 200) throw new Error(`expected 200, got ${status}: ${JSON.stringify(body)}`);
  return body as Record<string, unknown>;
}
