/**
 * api.md §4.4 over HTTP against the local stack: client ids unique within an org, keys identified
 * by content, revocation for good, separation of duties.
 */
import { describe, expect, it } from 'vitest';
import { generateClientKey } from '../../shared/client/index.ts';
import { expectOk, freshOrg } from './audit-fixture.ts';
import { clientFor, demo, freshId } from '../support/stack.ts';

type Problem = { code: string; requestId: string; errors?: Array<{ path: string; code: string }> };
const withoutRequestId = ({ requestId: _requestId, ...rest }: Problem) => rest;

describe('client ids are unique within an org', () => {
  it('lets two orgs both run epr-main, each signing with its own key', async () => {
    // Prepare
    const [x, y] = await Promise.all([freshOrg(), freshOrg()]);
    const [keyX, keyY] = await Promise.all([generateClientKey('ES256', 'epr-1'), generateClientKey('EdDSA', 'epr-1')]);

    // Act
    const putX = await x.admin.request('PUT', '/v1/clients/epr-main', {
      name: 'EPR',
      scopes: ['records:read'],
      status: 'ACTIVE',
      keys: [keyX.publicJwk],
    });
    const putY = await y.admin.request('PUT', '/v1/clients/epr-main', {
      name: 'EPR',
      scopes: ['audit:read'],
      status: 'ACTIVE',
      keys: [keyY.publicJwk],
    });
    const asX = await clientFor('epr-main', keyX.privateJwk, x.org).request('GET', '/v1/patients/MRN-1/records');
    const asY = await clientFor('epr-main', keyY.privateJwk, y.org).request('GET', '/v1/audit/checkpoints');
    const xKeyNamingY = await clientFor('epr-main', keyX.privateJwk, y.org).request('GET', '/v1/audit/checkpoints');

    // Assess
    expect([putX.status, putY.status]).toEqual([200, 200]);
    expect(asX.status).toBe(404);
    expect(asY.status).toBe(200);
    expect([xKeyNamingY.status, (xKeyNamingY.body as Problem).code]).toEqual([401, 'signature_invalid']);
  });

  it('answers a token naming an org without that client exactly as one naming an id nobody uses', async () => {
    // Prepare: the demo org has demo-auditor; org x has none.
    const x = await freshOrg();
    const key = await generateClientKey('ES256', 'demo-auditor-1');

    // Act
    const usedElsewhere = await clientFor('demo-auditor', key.privateJwk, x.org).request('GET', '/v1/recipients');
    const usedNowhere = await clientFor(freshId('nobody'), key.privateJwk, x.org).request('GET', '/v1/recipients');

    // Assess
    expect([usedElsewhere.status, withoutRequestId(usedElsewhere.body as Problem)]).toEqual([
      usedNowhere.status,
      withoutRequestId(usedNowhere.body as Problem),
    ]);
    expect((usedElsewhere.body as Problem).code).toBe('unknown_client');
  });
});

describe('keys are identified by content', () => {
  it('refuses a revoked key re-sent under a new kid, and two keys with one kid or one content', async () => {
    // Prepare
    const admin = demo.admin();
    const clientId = freshId('rotating');
    const [key, other] = await Promise.all([generateClientKey('ES256', 'k1'), generateClientKey('ES256', 'k1')]);
    await expectOk(
      admin.request('PUT', `/v1/clients/${clientId}`, {
        name: 'R',
        scopes: ['records:read'],
        status: 'ACTIVE',
        keys: [key.publicJwk],
      }),
    );
    await expectOk(admin.request('POST', `/v1/clients/${clientId}/keys/k1/revoke`, {}));
    const put = (keys: object[], id = clientId) =>
      admin.request('PUT', `/v1/clients/${id}`, { name: 'R', scopes: ['records:read'], status: 'ACTIVE', keys });

    // Act
    const renamed = await put([{ ...key.publicJwk, kid: 'k2' }]);
    const elsewhere = await put([{ ...key.publicJwk, kid: 'k2' }], freshId('thief'));
    const sameKid = await put([(await generateClientKey('ES256', 'k7')).publicJwk, { ...other.publicJwk, kid: 'k7' }]);
    const sameContent = await put([
      { ...other.publicJwk, kid: 'k9' },
      { ...other.publicJwk, kid: 'k8' },
    ]);
    const signedWithRevoked = await clientFor(clientId, key.privateJwk).request('GET', '/v1/patients/MRN-1/records');

    // Assess
    const summary = (response: { status: number; body: unknown }) => [
      response.status,
      (response.body as Problem).code,
      (response.body as Problem).errors?.map((e) => [e.path, e.code]),
    ];
    expect(summary(renamed)).toEqual([422, 'validation_failed', [['keys.0', 'KEY_UNAVAILABLE']]]);
    expect(summary(elsewhere)).toEqual(summary(renamed));
    expect(summary(sameKid)).toEqual([422, 'validation_failed', [['keys.1.kid', 'KID_REPEATED']]]);
    expect(summary(sameContent)).toEqual([422, 'validation_failed', [['keys.1', 'KEY_REPEATED']]]);
    expect([signedWithRevoked.status, (signedWithRevoked.body as Problem).code]).toEqual([401, 'key_revoked']);
  });
});

describe('separation of duties', () => {
  it('refuses an admin PUT of its own record with 403 separation_of_duties', async () => {
    // Prepare
    const key = await generateClientKey('ES256', 'demo-admin-9');

    // Act
    const response = await demo.admin().request('PUT', '/v1/clients/demo-admin', {
      name: 'Me',
      scopes: ['admin'],
      status: 'ACTIVE',
      keys: [key.publicJwk],
    });

    // Assess
    expect([response.status, (response.body as Problem).code]).toEqual([403, 'separation_of_duties']);
  });

  it('lets an admin revoke its own key, which then stops working', async () => {
    // Prepare: a second admin, created by the demo admin.
    const clientId = freshId('admin');
    const key = await generateClientKey('EdDSA', 'k1');
    await expectOk(
      demo.admin().request('PUT', `/v1/clients/${clientId}`, {
        name: 'A2',
        scopes: ['admin'],
        status: 'ACTIVE',
        keys: [key.publicJwk],
      }),
    );
    const second = clientFor(clientId, key.privateJwk);

    // Act
    const revoked = await second.request('POST', `/v1/clients/${clientId}/keys/k1/revoke`, {});
    const after = await second.request('GET', '/v1/recipients');

    // Assess
    expect(revoked.status).toBe(200);
    expect([after.status, (after.body as Problem).code]).toEqual([401, 'key_revoked']);
  });

  it.each(['audit:read', 'review:decide', 'disclosure:check'])(
    'refuses admin together with %s (422), and accepts review:decide alone for a Caldicott Guardian',
    async (scope) => {
      // Prepare
      const key = await generateClientKey('ES256', 'k1');
      const put = (scopes: string[], who: object = {}) =>
        demo.admin().request('PUT', `/v1/clients/${freshId('c')}`, {
          name: 'C',
          scopes,
          status: 'ACTIVE',
          keys: [key.publicJwk],
          ...who,
        });
      const guardian = { kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' };

      // Act
      const combined = await put(['admin', scope], scope === 'review:decide' ? guardian : {});
      const reviewer = await put(['review:decide'], guardian);

      // Assess
      expect([
        combined.status,
        (combined.body as Problem).code,
        (combined.body as Problem).errors?.map((e) => e.path),
      ]).toEqual([422, 'validation_failed', ['scopes']]);
      expect(reviewer.status).toBe(200);
      expect(reviewer.body).toMatchObject({ kind: 'PERSON', displayRole: 'CALDICOTT_GUARDIAN' });
    },
  );

  it('refuses review:decide to a system client and to records staff (422 naming scopes)', async () => {
    // Prepare
    const key = await generateClientKey('ES256', 'k1');
    const put = (who: object) =>
      demo.admin().request('PUT', `/v1/clients/${freshId('c')}`, {
        name: 'C',
        scopes: ['review:decide'],
        status: 'ACTIVE',
        keys: [key.publicJwk],
        ...who,
      });

    // Act
    const answers = [await put({}), await put({ kind: 'PERSON', displayRole: 'RECORDS_STAFF' })];

    // Assess
    for (const answer of answers)
      expect([answer.status, (answer.body as Problem).errors?.map((e) => e.path)]).toEqual([422, ['scopes']]);
  });
});
