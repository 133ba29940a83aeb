/**
 * Issue 15: the items a batch decides together share audit transactions. The real service, engine
 * and group-commit queue run over the in-memory log store, whose commits take a few milliseconds
 * as a round trip would; the records companions touch each patient's META, so two releases of one
 * patient can never share a commit (the store refuses it as DynamoDB refuses a transaction that
 * touches an item twice). A batch of several patients' episodes, all in one log, must commit in
 * far fewer transactions than it has items, and every item is still logged once.
 */
import { describe, expect, it } from 'vitest';
import type { LogBatch, LogHead } from '../../../shared/audit/log-store.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/pseudonymiser.ts';
import { patientLogOrigin } from '../../../shared/services/audit-entries.ts';
import { DisclosureService } from '../../../shared/services/disclosure-service.ts';
import type { AuthorisationSigner } from '../../../shared/services/signing-keys.ts';
import { decideBatch } from '../../../functions/disclosures/batch.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryLogStore } from '../../support/memory/memory-log-store.ts';
import { memoryWrite } from '../../support/memory/memory-write.ts';
import { DEFAULT_POLICY, NOW, RECIPIENTS, records, request } from '../policy/fixtures.ts';
import { NO_REVIEWS } from './service-fixture.ts';

const DEPLOYMENT = 'gatekeeper.test';
const PATIENT_LOGS = 8;

/** The in-memory store with a commit that takes `ms`, as a transaction's round trip does. */
class SlowLogStore extends MemoryLogStore {
  override batch<Member>(origin: string, head: LogHead): LogBatch<Member> {
    const batch = super.batch<Member>(origin, head);
    return {
      add: (member, planned) => batch.add(member, planned),
      commit: async (next, org) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        return batch.commit(next, org);
      },
    };
  }
}

/** A companion write on the patient's records META: one per commit at most. */
const metaWrite = (patientId: string) =>
  memoryWrite('recordsVersion', { key: `META#${patientId}`, holds: () => true, apply: () => undefined });

function groupingService(store: MemoryLogStore, options: { readonly orgUnreadable?: boolean } = {}) {
  return new DisclosureService({
    registry: {
      getClient: () => Promise.resolve(undefined),
      getKeyOwnership: () => Promise.resolve(undefined),
      getOrganisation: () =>
        options.orgUnreadable
          ? Promise.reject(new Error('registry unavailable'))
          : Promise.resolve({
              org: 'demo',
              name: 'Demo',
              patientLogs: PATIENT_LOGS,
              createdAt: '2026-01-01T00:00:00Z',
            }),
      getRecipient: (_org, id) => Promise.resolve(RECIPIENTS[id]),
      listRecipients: () => Promise.resolve([]),
    },
    records: {
      read: (_org, patientId) => Promise.resolve(records({ patientId })),
      versionCheck: (_org, patientId) => metaWrite(patientId),
      releaseMark: (_org, patientId) => metaWrite(patientId),
    },
    idempotency: {
      get: () => Promise.resolve(undefined),
      put: (_org, _client, requestId) =>
        memoryWrite('idempotentAnswer', { key: `ANSWER#${requestId}`, holds: () => true, apply: () => undefined }),
    },
    audit: new MemoryAuditLog(store),
    reviews: NO_REVIEWS,
    pseudonymiser: new Pseudonymiser(new HmacTestKeyService()),
    // Signing is not what is under test.
    authorisations: { sign: () => Promise.resolve('authorisation') } as unknown as AuthorisationSigner,
    policy: DEFAULT_POLICY,
    clock: { now: () => NOW },
    deployment: DEPLOYMENT,
  });
}

/** `count` patient ids whose entries all go to one log. */
function patientsOfOneLog(count: number): string[] {
  const log = patientLogOrigin(DEPLOYMENT, 'demo', 'MRN-0', PATIENT_LOGS);
  const found: string[] = [];
  for (let n = 0; found.length < count; n += 1)
    if (patientLogOrigin(DEPLOYMENT, 'demo', `MRN-${n}`, PATIENT_LOGS) === log) found.push(`MRN-${n}`);
  return found;
}

const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };

describe('a batch of several patients of one log', () => {
  it('commits their releases together, each patient at most once per commit, and logs every item once', async () => {
    // Prepare: 8 patients × 3 releases, in request order patient by patient
    const store = new SlowLogStore();
    const disclosures = groupingService(store);
    const patients = patientsOfOneLog(8);
    const items = patients.flatMap((patientId) =>
      Array.from({ length: 3 }, (_, i) => request({ requestId: `${patientId}-${i}`, patientId })),
    );

    // Act
    const results = await decideBatch(disclosures, caller, items, 'batch-group');

    // Assess
    expect(results.map((result) => [result.requestId, result.status])).toEqual(
      items.map((item) => [item.requestId, 200]),
    );
    const [origin] = store.origins();
    expect(store.origins()).toHaveLength(1);
    const logged = store.entries(origin!).map((stored) => stored.entry.id);
    expect(new Set(logged).size).toBe(items.length);
    expect(store.commits).toBeLessThanOrEqual(items.length / 3);
  });
});

describe('a batch whose org cannot be read to order it', () => {
  it('answers each item with its own failure, in request order, and logs nothing', async () => {
    // Prepare
    const store = new SlowLogStore();
    const disclosures = groupingService(store, { orgUnreadable: true });
    const items = ['MRN-1', 'MRN-2', 'MRN-1'].map((patientId, i) => request({ requestId: `r-${i}`, patientId }));

    // Act
    const results = await decideBatch(disclosures, caller, items, 'batch-no-org');

    // Assess
    expect(results.map((result) => [result.requestId, result.status])).toEqual([
      ['r-0', 500],
      ['r-1', 500],
      ['r-2', 500],
    ]);
    expect(store.origins()).toEqual([]);
  });
});
