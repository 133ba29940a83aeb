/**
 * The audit read capability over HTTP (api.md §4.3, audit.md §4–§8): a realistic workload verifies
 * in full mode through the API, every receipt proves against a checkpoint whose signature node:crypto
 * checks on its own, search filters and pages, tenants are isolated, and every call is itself logged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyReceipt } from '../../shared/audit/receipt.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { addConsent, logEntries, preparePatient, requestFor, withdrawConsent } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, stack } from '../support/stack.ts';
import {
  CLAIM,
  checkpointSize,
  expectOk,
  freshOrg,
  independentlyVerified,
  publishedVkeys,
  verifyOverApi,
  vkeyPublicKey,
  type TestOrg,
} from './audit-fixture.ts';

interface Receipt {
  origin: string;
  index: number;
  leafHash: string;
  entryId: string;
}
interface Checkpoints {
  checkpoints: Array<{ origin: string; size: number; note: string }>;
  vkeys: string[];
}
interface SearchAnswer {
  entries: Array<{ entry: Record<string, unknown> & { type: string; id: string; time: string }; receipt: Receipt }>;
  nextCursor?: string;
}

/** Admin change, registration, consent, decisions before and after a withdrawal, an unknown recipient, audit reads. */
async function workload(org: TestOrg): Promise<{ receipts: Receipt[]; patientId: string }> {
  const receipts: Receipt[] = [];
  const keep = <T extends { receipt: Receipt }>(body: T): T => {
    receipts.push(body.receipt);
    return body;
  };
  keep(
    await expectOk<{ receipt: Receipt }>(
      org.admin.request('PUT', '/v1/recipients/reg-cqc', {
        name: 'CQC',
        category: 'REGULATOR_SYSTEM',
        regulator: 'CQC',
      }),
    ),
  );
  const { patientId } = await preparePatient(org.clinical, freshPatientId());
  const consentId = await addConsent(org.clinical, patientId, 'INSURER_CLAIM');
  const allow = keep(
    await expectOk<{ decision: string; receipt: Receipt }>(
      org.clinical.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM)),
    ),
  );
  keep(await expectOk<{ receipt: Receipt }>(withdrawConsent(org.clinical, patientId, consentId)));
  const deny = keep(
    await expectOk<{ decision: string; receipt: Receipt }>(
      org.clinical.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM)),
    ),
  );
  const unknown = keep(
    await expectOk<{ decision: string; receipt: Receipt }>(
      org.clinical.request('POST', '/v1/disclosures', requestFor(patientId, { ...CLAIM, recipientId: 'nobody-known' })),
    ),
  );
  expect([allow.decision, deny.decision, unknown.decision]).toEqual(['ALLOW_WITH_REDACTION', 'DENY', 'DENY']);
  await expectOk(org.auditor.request('POST', '/v1/audit/search', { patientId }));
  return { receipts, patientId };
}

async function proveReceipt(auditor: GatekeeperClient, receipt: Receipt, published: Checkpoints): Promise<void> {
  const latest = published.checkpoints.find((checkpoint) => checkpoint.origin === receipt.origin)!;
  const vkey = published.vkeys.find((candidate) => candidate.startsWith(`${receipt.origin}+`))!;
  const proof = await expectOk<{ leafHash: string; proof: string[]; checkpoint: string; tlogProof: string }>(
    auditor.request('POST', '/v1/audit/proofs/inclusion', {
      origin: receipt.origin,
      index: receipt.index,
      treeSize: latest.size,
    }),
  );
  const json = verifyReceipt({
    receipt,
    vkeys: [vkey],
    evidence: { proof: proof.proof.map((hash) => Buffer.from(hash, 'base64')), checkpoint: proof.checkpoint },
  });
  const tlog = verifyReceipt({ receipt, vkeys: [vkey], evidence: { tlogProof: proof.tlogProof } });
  expect([proof.leafHash, json.failures, tlog.failures]).toEqual([receipt.leafHash, [], []]);
  expect(independentlyVerified(proof.checkpoint, vkey)).toBe(true);
  expect(proof.tlogProof.endsWith(proof.checkpoint)).toBe(true);
}

describe('the real log verifies (audit.md §8)', () => {
  let org: TestOrg;
  let run: { receipts: Receipt[]; patientId: string };
  beforeAll(async () => {
    org = await freshOrg();
    run = await workload(org);
  });

  it('verifies every log of the org in full mode over the API with zero failures', async () => {
    // Prepare
    const vkeys = await publishedVkeys(org.auditor);

    // Act
    const report = await verifyOverApi(org.auditor, vkeys);

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.stats.origins).toBe(
      1 + new Set(run.receipts.map((r) => r.origin).filter((o) => !o.endsWith('/org'))).size,
    );
    expect(report.stats.entries).toBeGreaterThanOrEqual(run.receipts.length + 4);
    expect(Object.keys(report.newTrustedState).sort()).toEqual(
      [org.origin('org'), ...new Set(run.receipts.map((r) => r.origin).filter((o) => !o.endsWith('/org')))].sort(),
    );
  });

  it('proves every receipt (JSON and tlog-proof) against a checkpoint node:crypto verifies with the published key', async () => {
    // Prepare
    const published = await expectOk<Checkpoints>(org.auditor.request('GET', '/v1/audit/checkpoints'));
    const jwks = (await (await fetch(`${stack().url}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ crv?: string; x?: string }>;
    };
    const jwkKey = Buffer.from(jwks.keys.find((key) => key.crv === 'Ed25519')!.x!, 'base64url');

    // Act
    for (const receipt of run.receipts) await proveReceipt(org.auditor, receipt, published);

    // Assess
    expect(published.vkeys.every((vkey) => vkeyPublicKey(vkey).equals(jwkKey))).toBe(true);
    expect(published.checkpoints.every(({ note, size }) => checkpointSize(note) === size)).toBe(true);
  });

  it('verifies the shared demo org, with everything the other test files wrote, in full mode', async () => {
    // Prepare
    const vkeys = await publishedVkeys(demo.auditor());

    // Act
    const report = await verifyOverApi(demo.auditor(), vkeys);

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.stats.origins).toBeGreaterThanOrEqual(1);
    expect(report.stats.entries).toBeGreaterThan(10);
  });
});

describe('POST /v1/audit/search', () => {
  let org: TestOrg;
  let patientId: string;
  beforeAll(async () => {
    org = await freshOrg();
    ({ patientId } = await workload(org));
  });
  const search = async (body: object) => expectOk<SearchAnswer>(org.auditor.request('POST', '/v1/audit/search', body));

  it.each([
    // The workload's withdrawal of the consent a release rested on opens a notification (reviews.md §3):
    // one more entry of the patient, found by its recipient too.
    ['patientId', () => ({ patientId }), 8],
    ['recipientId', () => ({ recipientId: 'ins-acme-health' }), 3],
    ['recipientCategory', () => ({ recipientCategory: 'INSURER' }), 2],
    ['decision', () => ({ decision: 'DENY' }), 2],
    ['type', () => ({ type: 'record.consent.withdrawn' }), 1],
  ])('filters by %s', async (_name, filter, expected) => {
    // Act
    const answer = await search(filter());

    // Assess
    expect(answer.entries).toHaveLength(expected);
    expect(answer.nextCursor).toBeUndefined();
    expect(
      answer.entries.every(({ entry, receipt }) => receipt.entryId === entry.id && receipt.origin === entry['origin']),
    ).toBe(true);
  });

  it('filters by clientId and by time, newest first', async () => {
    // Prepare
    const all = await search({ clientId: `${org.org}-clinical`, limit: 500 });
    const times = all.entries.map(({ entry }) => entry.time);
    const middle = times[Math.floor(times.length / 2)]!;

    // Act
    const older = await search({ clientId: `${org.org}-clinical`, to: middle, limit: 500 });
    const newer = await search({ clientId: `${org.org}-clinical`, from: middle, limit: 500 });

    // Assess
    expect(all.entries.length).toBeGreaterThanOrEqual(7);
    expect(
      all.entries.every(({ entry }) => (entry['actor'] as { clientId: string }).clientId === `${org.org}-clinical`),
    ).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
    expect(
      older.entries.every(({ entry }) => entry.time <= middle) &&
        newer.entries.every(({ entry }) => entry.time >= middle),
    ).toBe(true);
    expect(older.entries.length + newer.entries.length).toBeGreaterThan(all.entries.length);
  });

  it('pages with a cursor without repeating or skipping an entry', async () => {
    // Prepare
    const all = await search({ patientId, limit: 500 });

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ patientId, limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map(({ entry }) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);

    // Assess
    expect(seen).toEqual(all.entries.map(({ entry }) => entry.id));
  });

  it('refuses a limit above 500 and a foreign cursor', async () => {
    // Act
    const tooMany = await org.auditor.request('POST', '/v1/audit/search', { limit: 501 });
    const forged = await org.auditor.request('POST', '/v1/audit/search', {
      cursor: Buffer.from('{"i":"x","k":{}}').toString('base64url'),
    });

    // Assess
    expect([tooMany.status, forged.status]).toEqual([422, 422]);
  });
});

describe('tenant isolation and scopes', () => {
  it('an auditor of another org sees nothing of demo and gets 404 for demo origins', async () => {
    // Prepare
    const other = await freshOrg(1);
    const demoPatient = freshPatientId();
    await preparePatient(demo.clinical(), demoPatient);
    const demoOrigin = 'gatekeeper.local/demo/org';

    // Act
    const found = await expectOk<SearchAnswer>(
      other.auditor.request('POST', '/v1/audit/search', { patientId: demoPatient }),
    );
    const byType = await expectOk<SearchAnswer>(
      other.auditor.request('POST', '/v1/audit/search', { type: 'record.patient.registered', limit: 500 }),
    );
    const checkpoints = await expectOk<Checkpoints>(other.auditor.request('GET', '/v1/audit/checkpoints'));
    const attempts = await Promise.all([
      other.auditor.request('POST', '/v1/audit/entries', { origin: demoOrigin, start: 0, limit: 10 }),
      other.auditor.request('POST', '/v1/audit/proofs/inclusion', { origin: demoOrigin, index: 0, treeSize: 1 }),
      other.auditor.request('POST', '/v1/audit/proofs/consistency', { origin: demoOrigin, fromSize: 1, toSize: 1 }),
    ]);

    // Assess
    expect(found.entries).toEqual([]);
    expect(byType.entries).toEqual([]);
    expect(checkpoints.checkpoints.every(({ origin }) => origin.startsWith(`gatekeeper.local/${other.org}/`))).toBe(
      true,
    );
    expect(checkpoints.vkeys.every((vkey) => vkey.startsWith(`gatekeeper.local/${other.org}/`))).toBe(true);
    expect(attempts.map((a) => [a.status, (a.body as { code: string }).code])).toEqual(
      Array(3).fill([404, 'not_found']),
    );
  });

  it('needs the audit:read scope', async () => {
    // Act
    const response = await demo.clinical().request('GET', '/v1/audit/checkpoints');

    // Assess
    expect([response.status, (response.body as { code: string }).code]).toEqual([403, 'forbidden_scope']);
  });
});

describe('every audit call is itself logged (audit.read in the org log)', () => {
  it.each([
    ['search', 'POST', '/v1/audit/search', () => ({ recipientId: freshId('r') })],
    ['checkpoints', 'GET', '/v1/audit/checkpoints', () => undefined],
    [
      'proofs/inclusion',
      'POST',
      '/v1/audit/proofs/inclusion',
      () => ({ origin: 'gatekeeper.local/demo/org', index: 0, treeSize: 1 }),
    ],
    [
      'proofs/consistency',
      'POST',
      '/v1/audit/proofs/consistency',
      () => ({ origin: 'gatekeeper.local/demo/org', fromSize: 1, toSize: 2 }),
    ],
    ['entries', 'POST', '/v1/audit/entries', () => ({ origin: 'gatekeeper.local/demo/org', start: 0, limit: 1 })],
  ])('%s appends one audit.read entry with the query, before answering', async (endpoint, method, path, body) => {
    // Prepare
    const origin = 'gatekeeper.local/demo/org';
    const before = await logEntries(origin);
    const sent = body();

    // Act
    const response = await demo.auditor().request(method, path, sent);

    // Assess
    const after = await logEntries(origin);
    const reads = after
      .slice(before.length)
      .filter(
        ({ entry }) =>
          entry.type === 'audit.read' && (entry['actor'] as { clientId: string }).clientId === 'demo-auditor',
      );
    expect(response.status).toBeLessThan(500);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.entry['query']).toEqual({
      endpoint,
      ...(sent ?? {}),
      ...(endpoint === 'search' ? { limit: 50 } : {}),
    });
  });
});
