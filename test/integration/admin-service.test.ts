/**
 * api.md §4.4 over the real registry (DynamoDB Local): client ids unique within an org, keys
 * identified by content, revocation for good, and separation of duties.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry, registryKeys } from '../../shared/adapters/dynamodb/registry.ts';
import { generateClientKey } from '../../shared/client/index.ts';
import type { Scope } from '../../shared/ports/client-registry.ts';
import { putClientSchema, type PublicJwk } from '../../shared/schemas/admin.ts';
import { AdminService, describeClient, type Caller } from '../../shared/services/admin-service.ts';
import { bootstrapOrganisation } from '../../shared/services/bootstrap.ts';
import { keyThumbprint } from '../../shared/services/client-keys.ts';
import { ValidationFailedError } from '../../shared/errors.ts';
import { SeparationOfDutiesError } from '../../shared/services/errors.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

let db: TestDynamoDb;
let registry: DynamoDbRegistry;
let admin: AdminService;
let deps: ConstructorParameters<typeof AdminService>[0];

beforeAll(async () => {
  db = await startTestDynamoDb();
  registry = new DynamoDbRegistry(db.doc, db.tables.Registry);
  const audit = new DynamoDbAuditLog(db.doc, { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });
  deps = { registry, audit, clock: { now: () => Date.now() }, deployment: 'gatekeeper.test' };
  admin = new AdminService(deps);
  for (const org of ['org-a', 'org-b']) {
    await bootstrapOrganisation(deps, {
      org,
      name: org,
      patientLogs: 2,
      adminClientId: `${org}-admin`,
      adminKey: (await generateClientKey('EdDSA', 'admin-1')).publicJwk as unknown as PublicJwk,
    });
  }
});
afterAll(() => db?.close());

const adminOf = (org: string): Caller => ({
  org,
  clientId: `${org}-admin`,
  kid: 'admin-1',
  jti: `jti-${Math.random().toString(36).slice(2)}`,
});
const body = (keys: PublicJwk[], scopes: Scope[] = ['disclosure:check']) => ({
  name: 'EPR',
  scopes,
  status: 'ACTIVE' as const,
  keys,
});
const newKey = async (kid: string) => (await generateClientKey('ES256', kid)).publicJwk as unknown as PublicJwk;

/** The field errors of a refused change, or a failure if it was accepted. */
async function refusal(change: Promise<unknown>): Promise<Array<{ path: string; code: string; message: string }>> {
  const error: unknown = await change.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationFailedError)) throw new Error(`expected a 422, got ${String(error)}`);
  return [...error.errors];
}

describe('client ids are unique within an org', () => {
  it('lets two orgs both register epr-main, each with its own keys, and revoking in one leaves the other', async () => {
    // Prepare
    const [keyA, keyB] = await Promise.all([newKey('k1'), newKey('k1')]);

    // Act
    await admin.putClient(adminOf('org-a'), 'epr-main', body([keyA]));
    await admin.putClient(adminOf('org-b'), 'epr-main', body([keyB], ['records:read']));
    await admin.revokeKey(adminOf('org-a'), 'epr-main', 'k1');

    // Assess
    const [a, b] = await Promise.all([
      registry.getClient('org-a', 'epr-main'),
      registry.getClient('org-b', 'epr-main'),
    ]);
    expect([a?.org, a?.scopes, a?.keys.map((key) => key.status)]).toEqual(['org-a', ['disclosure:check'], ['REVOKED']]);
    expect([b?.org, b?.scopes, b?.keys.map((key) => key.status)]).toEqual(['org-b', ['records:read'], ['ACTIVE']]);
    expect(await registry.getClient('org-c', 'epr-main')).toBeUndefined();
  });

  it("answers another org's client exactly as a client that does not exist", async () => {
    // Prepare
    await admin.putClient(adminOf('org-a'), 'only-in-a', body([await newKey('k1')]));

    // Act
    const foreign = await admin.revokeKey(adminOf('org-b'), 'only-in-a', 'k1').catch((e: unknown) => e);
    const missing = await admin.revokeKey(adminOf('org-b'), 'nowhere', 'k1').catch((e: unknown) => e);

    // Assess
    expect([(foreign as Error).name, (foreign as Error).message]).toEqual([
      (missing as Error).name,
      (missing as Error).message,
    ]);
  });
});

describe('keys are identified by their content', () => {
  it('refuses a revoked key under a new kid, in the same client, another client, or another org, with one message', async () => {
    // Prepare
    const key = await newKey('k1');
    await admin.putClient(adminOf('org-a'), 'rotating', body([key]));
    await admin.revokeKey(adminOf('org-a'), 'rotating', 'k1');
    const renamed = { ...key, kid: 'k2' };

    // Act
    const issues = await Promise.all([
      refusal(admin.putClient(adminOf('org-a'), 'rotating', body([renamed]))),
      refusal(admin.putClient(adminOf('org-a'), 'rotating', body([key]))),
      refusal(admin.putClient(adminOf('org-a'), 'another', body([renamed]))),
      refusal(admin.putClient(adminOf('org-b'), 'rotating', body([renamed]))),
    ]);

    // Assess
    for (const found of issues)
      expect(found).toEqual([{ path: 'keys.0', code: 'KEY_UNAVAILABLE', message: expect.any(String) as string }]);
    expect(new Set(issues.map((found) => found[0]!.message)).size).toBe(1);
    expect(await registry.getClient('org-a', 'another')).toBeUndefined();
  });

  it('refuses a key another client holds, with the same answer as a revoked one', async () => {
    // Prepare
    const key = await newKey('k1');
    await admin.putClient(adminOf('org-a'), 'holder', body([key]));

    // Act
    const sameOrg = await refusal(admin.putClient(adminOf('org-a'), 'borrower', body([{ ...key, kid: 'k9' }])));
    const otherOrg = await refusal(admin.putClient(adminOf('org-b'), 'borrower', body([key])));

    // Assess
    expect(sameOrg.map((issue) => issue.code)).toEqual(['KEY_UNAVAILABLE']);
    expect(otherOrg).toEqual(sameOrg);
  });

  it('revokes a key left out of a PUT for good, in the content index too', async () => {
    // Prepare
    const [first, second] = await Promise.all([newKey('k1'), newKey('k2')]);
    await admin.putClient(adminOf('org-a'), 'dropper', body([first]));

    // Act
    await admin.putClient(adminOf('org-a'), 'dropper', body([second]));

    // Assess
    const stored = await registry.getClient('org-a', 'dropper');
    expect(stored?.keys.map((key) => [key.kid, key.status])).toEqual([
      ['k2', 'ACTIVE'],
      ['k1', 'REVOKED'],
    ]);
    expect(await registry.getKeyOwnership(await keyThumbprint(first))).toMatchObject({
      status: 'REVOKED',
      org: 'org-a',
      clientId: 'dropper',
    });
    expect(
      (await refusal(admin.putClient(adminOf('org-a'), 'dropper', body([second, { ...first, kid: 'k3' }])))).map(
        (issue) => issue.path,
      ),
    ).toEqual(['keys.1']);
  });

  it('refuses the same kid or the same key twice in one request, and a kid that names another key of the client', async () => {
    // Prepare
    const [one, two] = await Promise.all([newKey('k1'), newKey('k1')]);
    await admin.putClient(adminOf('org-a'), 'doubles', body([one]));
    const fresh = await newKey('k5');

    // Act
    const sameKid = await refusal(admin.putClient(adminOf('org-a'), 'doubles-2', body([fresh, { ...two, kid: 'k5' }])));
    const sameKey = await refusal(
      admin.putClient(adminOf('org-a'), 'doubles-2', body([fresh, { ...fresh, kid: 'k6' }])),
    );
    const reusedKid = await refusal(admin.putClient(adminOf('org-a'), 'doubles', body([two])));

    // Assess
    expect(sameKid.map((issue) => [issue.path, issue.code])).toEqual([['keys.1.kid', 'KID_REPEATED']]);
    expect(sameKey.map((issue) => [issue.path, issue.code])).toEqual([['keys.1', 'KEY_REPEATED']]);
    expect(reusedKid.map((issue) => [issue.path, issue.code])).toEqual([['keys.0.kid', 'KID_REUSED']]);
    expect(await registry.getClient('org-a', 'doubles-2')).toBeUndefined();
  });

  it('keeps a key the client already holds when it is sent again', async () => {
    // Prepare
    const key = await newKey('k1');
    await admin.putClient(adminOf('org-a'), 'steady', body([key]));

    // Act
    const { client } = await admin.putClient(adminOf('org-a'), 'steady', body([key], ['records:read']));

    // Assess
    expect([client.version, client.keys.map((k) => k.status), client.scopes]).toEqual([
      2,
      ['ACTIVE'],
      ['records:read'],
    ]);
  });

  it('revokes a key that another client claimed, as one registered twice before keys were indexed', async () => {
    // Prepare: `legacy` holds the key with no ownership record of its own; `claimant` claimed it since.
    const key = await newKey('k1');
    await db.doc.send(
      new PutCommand({
        TableName: db.tables.Registry,
        Item: {
          ...registryKeys.client('org-a', 'legacy'),
          clientId: 'legacy',
          org: 'org-a',
          name: 'L',
          scopes: ['records:read'],
          status: 'ACTIVE',
          keys: [{ kid: 'k1', status: 'ACTIVE', jwk: key }],
          version: 1,
        },
      }),
    );
    await admin.putClient(adminOf('org-a'), 'claimant', body([key]));

    // Act
    await admin.revokeKey(adminOf('org-a'), 'legacy', 'k1');

    // Assess
    expect((await registry.getClient('org-a', 'legacy'))?.keys.map((k) => k.status)).toEqual(['REVOKED']);
    expect(await registry.getKeyOwnership(await keyThumbprint(key))).toMatchObject({
      status: 'REVOKED',
      clientId: 'legacy',
    });
    expect(
      (await refusal(admin.putClient(adminOf('org-a'), 'claimant', body([key])))).map((issue) => issue.code),
    ).toEqual(['KEY_UNAVAILABLE']);
  });

  it('refuses a bootstrap whose admin key was revoked elsewhere', async () => {
    // Prepare
    const key = await newKey('k1');
    await admin.putClient(adminOf('org-a'), 'old-admin-key', body([key]));
    await admin.revokeKey(adminOf('org-a'), 'old-admin-key', 'k1');

    // Act
    const bootstrap = bootstrapOrganisation(deps, {
      org: 'org-z',
      name: 'Z',
      patientLogs: 2,
      adminClientId: 'z-admin',
      adminKey: key,
    });

    // Assess
    await expect(bootstrap).rejects.toBeInstanceOf(ValidationFailedError);
    expect(await registry.getOrganisation('org-z')).toBeUndefined();
  });
});

describe('separation of duties', () => {
  it('refuses an admin changing its own client record, whatever it sends', async () => {
    // Act
    const own = admin.putClient(adminOf('org-a'), 'org-a-admin', body([await newKey('admin-2')], ['admin']));

    // Assess
    await expect(own).rejects.toBeInstanceOf(SeparationOfDutiesError);
    expect((await registry.getClient('org-a', 'org-a-admin'))?.version).toBe(1);
  });

  it('lets an admin revoke its own key', async () => {
    // Prepare: a second admin of the org, created by the first.
    const key = await newKey('k1');
    await admin.putClient(adminOf('org-b'), 'second-admin', body([key], ['admin']));

    // Act
    await admin.revokeKey(
      { org: 'org-b', clientId: 'second-admin', kid: 'k1', jti: 'jti-self-revoke' },
      'second-admin',
      'k1',
    );

    // Assess
    expect((await registry.getClient('org-b', 'second-admin'))?.keys.map((k) => k.status)).toEqual(['REVOKED']);
  });

  it.each([['audit:read'], ['review:decide'], ['disclosure:check']])(
    'refuses admin together with %s, and accepts each alone',
    (scope) => {
      // Prepare
      const key = { kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43), kid: 'k1' };
      // Deciding reviews is a Caldicott Guardian's or DPO's act: such a client is that person.
      const who = scope === 'review:decide' ? { kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' } : {};

      // Act
      const combined = putClientSchema.safeParse({
        name: 'n',
        scopes: ['admin', scope],
        status: 'ACTIVE',
        keys: [key],
        ...who,
      });

      // Assess
      expect(combined.success ? [] : combined.error.issues.map((issue) => issue.path.join('.'))).toEqual(['scopes']);
      expect(
        putClientSchema.safeParse({ name: 'n', scopes: [scope], status: 'ACTIVE', keys: [key], ...who }).success,
      ).toBe(true);
      expect(
        putClientSchema.safeParse({ name: 'n', scopes: ['admin', 'records:read'], status: 'ACTIVE', keys: [key] })
          .success,
      ).toBe(true);
    },
  );

  it.each([
    ['a system with review:decide', { scopes: ['review:decide'] }, 'scopes'],
    [
      'records staff with review:decide',
      { scopes: ['review:decide'], kind: 'PERSON', displayRole: 'RECORDS_STAFF' },
      'scopes',
    ],
    [
      'a reviewer who also sends requests',
      { scopes: ['review:decide', 'disclosure:check'], kind: 'PERSON', displayRole: 'DPO' },
      'scopes',
    ],
    ['a person without a role', { scopes: ['records:read'], kind: 'PERSON' }, 'displayRole'],
    ['a system with a role', { scopes: ['records:read'], displayRole: 'DPO' }, 'displayRole'],
  ])('refuses %s (api.md §4.4, reviews.md §2)', (_name, fields, path) => {
    // Prepare
    const key = { kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43), kid: 'k1' };

    // Act
    const result = putClientSchema.safeParse({ name: 'n', status: 'ACTIVE', keys: [key], ...fields });

    // Assess
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });

  it('keeps a person and its role on the client, and in the log entry of the change', async () => {
    // Prepare
    const key = await newKey('cg-k1');

    // Act
    const { client } = await admin.putClient(adminOf('org-a'), 'cg-person', {
      ...body([key], ['review:decide', 'audit:read']),
      kind: 'PERSON',
      displayRole: 'CALDICOTT_GUARDIAN',
    });

    // Assess
    expect(client).toMatchObject({ kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' });
    expect(await registry.getClient('org-a', 'cg-person')).toMatchObject({
      kind: 'PERSON',
      displayRole: 'CALDICOTT_GUARDIAN',
    });
    const described = await describeClient(client);
    expect(described).toMatchObject({ kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' });
  });
});
