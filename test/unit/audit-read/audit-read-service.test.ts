import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import type { AppendRequest, AuditLog, Receipt } from '../../../shared/ports/audit-log.ts';
import type { AuditSearch, AuditSearchQuery } from '../../../shared/ports/audit-search.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/pseudonymiser.ts';
import type { AuditReadStore } from '../../../shared/services/audit-read-proofs.ts';
import { AuditReadService, type ReadContext } from '../../../shared/services/audit-read-service.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';

const ORIGIN = 'gk.test/demo/p0';
const CTX: ReadContext = {
  caller: { org: 'demo', clientId: 'auditor', kid: 'k1', jti: 'j1' },
  requestId: 'r-1',
  digest: `sha-256=:${Buffer.alloc(32).toString('base64')}:`,
};

class RecordingLog implements AuditLog {
  readonly appended: AppendRequest[] = [];
  fail = false;
  append(request: AppendRequest): Promise<Receipt> {
    if (this.fail) return Promise.reject(new Error('DynamoDB is down'));
    this.appended.push(request);
    return Promise.resolve({
      origin: request.origin,
      index: this.appended.length - 1,
      leafHash: 'x',
      entryId: request.entry.id,
    });
  }
}

function fixture(entries = ['{"a":1}', '{"a":2}', '{"a":3}']) {
  const tree = new MemoryTree();
  for (const entry of entries) tree.append(new TextEncoder().encode(entry));
  const searches: AuditSearchQuery[] = [];
  const headReads: string[][] = [];
  const search: AuditSearch = {
    search: (query) => {
      searches.push(query);
      return Promise.resolve({ items: [] });
    },
  };
  const store: AuditReadStore = {
    getHeads: (origins) => {
      headReads.push([...origins]);
      return Promise.resolve(origins.includes(ORIGIN) ? [{ origin: ORIGIN, org: 'demo', size: entries.length }] : []);
    },
    getHead: (origin) =>
      Promise.resolve(
        origin === ORIGIN ? { origin, org: 'demo', size: entries.length } : { origin, org: 'other', size: 1 },
      ),
    entries: (_origin, start, limit) =>
      Promise.resolve(entries.slice(start, start + limit).map((entry, i) => ({ index: start + i, entry }))),
    nodeSource: () => tree,
    checkpoints: () => Promise.resolve([]),
    checkpointCovering: () => Promise.resolve(undefined),
  };
  const log = new RecordingLog();
  const signer = {
    runs: 0,
    run() {
      this.runs += 1;
      return Promise.resolve();
    },
    verifierKeys: (origin: string) => Promise.resolve([`${origin}+00000000+AQ==`]),
  };
  const service = new AuditReadService({
    store,
    search,
    audit: log,
    pseudonymiser: new Pseudonymiser(new HmacTestKeyService()),
    checkpoints: signer,
    organisations: { getOrganisation: (org) => Promise.resolve(org === 'demo' ? { patientLogs: 3 } : undefined) },
    clock: { now: () => Date.UTC(2026, 10, 22) },
    deployment: 'gk.test',
    signCheckpointsOnRead: false,
  });
  return { service, log, searches, signer, headReads };
}

describe('AuditReadService', () => {
  it('logs the query (not the cursor value) to the org log before searching, with the patient as an index pseudonym', async () => {
    // Prepare
    const { service, log, searches } = fixture();

    // Act
    await service.search(CTX, { patientId: 'MRN-1', cursor: 'abc', limit: 5 });

    // Assess
    expect(log.appended).toHaveLength(1);
    expect(log.appended[0]!.origin).toBe('gk.test/demo/org');
    expect(log.appended[0]!.entry).toMatchObject({
      type: 'audit.read',
      org: 'demo',
      query: { endpoint: 'search', patientId: 'MRN-1', limit: 5, continued: true },
      request: { requestId: 'r-1' },
    });
    expect(JSON.stringify(log.appended[0]!.entry)).not.toContain('abc');
    expect(searches[0]).toMatchObject({
      org: 'demo',
      limit: 5,
      cursor: 'abc',
      patientIndexKey: expect.stringMatching(/^v1\./) as unknown,
    });
  });

  it.each([
    ['search', (s: AuditReadService) => s.search(CTX, {})],
    ['checkpoints', (s: AuditReadService) => s.checkpoints(CTX)],
    ['entries', (s: AuditReadService) => s.entries(CTX, { origin: ORIGIN, start: 0, limit: 10 })],
    ['inclusion', (s: AuditReadService) => s.inclusion(CTX, { origin: ORIGIN, index: 0, treeSize: 3 })],
  ])(
    '%s answers audit_unavailable and reads nothing when the audit.read entry cannot be written',
    async (_name, call) => {
      // Prepare
      const { service, log, searches, signer } = fixture();
      log.fail = true;

      // Act
      const answer = call(service);

      // Assess
      await expect(answer).rejects.toBeInstanceOf(AuditUnavailableError);
      expect([searches.length, signer.runs, log.appended.length]).toEqual([0, 0, 0]);
    },
  );

  it("answers another org's origin exactly like a missing one, and a size never signed with 404", async () => {
    // Prepare
    const { service } = fixture();

    // Act / Assess
    await expect(service.entries(CTX, { origin: 'gk.test/other/p0', start: 0, limit: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(service.entries(CTX, { origin: 'gk.test/demo/p7', start: 0, limit: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(service.inclusion(CTX, { origin: ORIGIN, index: 0, treeSize: 3 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('serves entries exactly as stored and says where the next page starts', async () => {
    // Prepare
    const { service } = fixture();

    // Act
    const first = await service.entries(CTX, { origin: ORIGIN, start: 0, limit: 2 });
    const last = await service.entries(CTX, { origin: ORIGIN, start: 2, limit: 2 });

    // Assess
    expect(first).toEqual({ entries: ['{"a":1}', '{"a":2}'], nextStart: 2 });
    expect(last).toEqual({ entries: ['{"a":3}'] });
  });

  it("lists checkpoints from exactly the org's known logs, p0…p{P−1} and org, with a vkey for each log that exists", async () => {
    // Prepare
    const { service, headReads } = fixture();

    // Act
    const answer = await service.checkpoints(CTX);

    // Assess
    expect(headReads).toEqual([['gk.test/demo/p0', 'gk.test/demo/p1', 'gk.test/demo/p2', 'gk.test/demo/org']]);
    expect(answer.vkeys).toEqual([`${ORIGIN}+00000000+AQ==`]);
  });

  it('answers audit_unavailable, not an empty list, when the org record cannot be read', async () => {
    // Prepare
    const { service, headReads } = fixture();

    // Act
    const answer = service.checkpoints({ ...CTX, caller: { ...CTX.caller, org: 'gone' } });

    // Assess
    await expect(answer).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(headReads).toEqual([]);
  });
});
