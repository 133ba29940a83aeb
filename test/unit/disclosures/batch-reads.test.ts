/**
 * Issue 15: a batch reads each patient's records once for all its items about that patient. The
 * guarantee it must keep (policy-uk.md §2): no decision is logged on records that changed since
 * they were read. The records store and audit log are stand-ins that keep a version and enforce
 * the records condition the way the DynamoDB transaction does; the service and engine are real.
 */
import { describe, expect, it } from 'vitest';
import { AtomicWriteConflictError } from '../../../shared/audit-log-errors.ts';
import type { AppendRequest, AtomicWrite, AuditLog, Receipt } from '../../../shared/ports/audit-log.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/pseudonymiser.ts';
import { DisclosureService } from '../../../shared/services/disclosure-service.ts';
import { BatchReads } from '../../../shared/services/batch-reads.ts';
import type { AuthorisationSigner } from '../../../shared/services/signing-keys.ts';
import { decideBatch } from '../../../functions/disclosures/batch.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { DEFAULT_POLICY, NOW, RECIPIENTS, records, request } from '../policy/fixtures.ts';
import { NO_REVIEWS } from './service-fixture.ts';

/** Each patient's records version, moved by `change`; reads counted. */
class VersionedRecords {
  readonly versions = new Map<string, number>();
  reads = 0;
  /** Called after each read returns: a concurrent change can land here. */
  afterRead: (patientId: string) => void = () => undefined;

  read = (_org: string, patientId: string) => {
    this.reads += 1;
    const snapshot = records({ patientId, version: this.versions.get(patientId) ?? 3 });
    this.afterRead(patientId);
    return Promise.resolve(snapshot);
  };

  check = (_org: string, patientId: string, version: number): AtomicWrite => ({
    tag: 'recordsVersion',
    store: 'test',
    item: { patientId, version },
  });
}

/** Commits an entry only if its records condition holds, as the transaction would. */
class CheckingAuditLog implements AuditLog {
  readonly logged: AppendRequest[] = [];
  readonly #records: VersionedRecords;

  constructor(records: VersionedRecords) {
    this.#records = records;
  }

  append(appendRequest: AppendRequest): Promise<Receipt> {
    const receipt = { origin: appendRequest.origin, index: this.logged.length, leafHash: 'x', entryId: 'e' };
    for (const write of appendRequest.atomicWith?.(receipt, []) ?? []) {
      const { patientId, version } = write.item as { patientId?: string; version?: number };
      if (write.tag === 'recordsVersion' && version !== (this.#records.versions.get(patientId!) ?? 3))
        return Promise.reject(new AtomicWriteConflictError('recordsVersion'));
    }
    this.logged.push(appendRequest);
    return Promise.resolve(receipt);
  }
}

interface AnswerLookups {
  gets: number;
  getManys: number;
  failGetMany: boolean;
}

function batchService() {
  const versioned = new VersionedRecords();
  const audit = new CheckingAuditLog(versioned);
  const keys = new HmacTestKeyService();
  const recipientReads: string[] = [];
  const lookups: AnswerLookups = { gets: 0, getManys: 0, failGetMany: false };
  const disclosures = new DisclosureService({
    registry: {
      getClient: () => Promise.resolve(undefined),
      getKeyOwnership: () => Promise.resolve(undefined),
      getOrganisation: () =>
        Promise.resolve({ org: 'demo', name: 'Demo', patientLogs: 8, createdAt: '2026-01-01T00:00:00Z' }),
      getRecipient: (_org, id) => {
        recipientReads.push(id);
        return Promise.resolve(RECIPIENTS[id]);
      },
      listRecipients: () => Promise.resolve([]),
    },
    records: { read: versioned.read, versionCheck: versioned.check, releaseMark: versioned.check },
    idempotency: {
      get: () => {
        lookups.gets += 1;
        return Promise.resolve(undefined);
      },
      getMany: () => {
        lookups.getManys += 1;
        return lookups.failGetMany ? Promise.reject(new Error('throttled')) : Promise.resolve(new Map());
      },
      put: () => ({ tag: 'idempotentAnswer', store: 'test', item: {} }),
    },
    audit,
    reviews: NO_REVIEWS,
    pseudonymiser: new Pseudonymiser(keys),
    // Signing is not what is under test; the test key service has no signing keys.
    authorisations: { sign: () => Promise.resolve('authorisation') } as unknown as AuthorisationSigner,
    policy: DEFAULT_POLICY,
    clock: { now: () => NOW },
    deployment: 'gatekeeper.test',
  });
  return { disclosures, versioned, audit, recipientReads, lookups };
}

const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };

/** `perPatient` GP direct-care requests (released with redaction) for each patient, in a row. */
function items(patients: readonly string[], perPatient: number) {
  return patients.flatMap((patientId) =>
    Array.from({ length: perPatient }, (_, i) => request({ requestId: `${patientId}-${i}`, patientId })),
  );
}

function loggedVersions(audit: CheckingAuditLog): number[] {
  return audit.logged.map((append) => (append.entry as unknown as { records: { version: number } }).records.version);
}

describe('a batch reading each patient once', () => {
  it('reads the records once per patient and the recipient once when nothing changes, and logs every item', async () => {
    // Prepare
    const { disclosures, versioned, audit, recipientReads } = batchService();

    // Act
    const results = await decideBatch(disclosures, caller, items(['MRN-1', 'MRN-2'], 4), 'batch-1');

    // Assess
    expect(results.map((result) => result.status)).toEqual(Array(8).fill(200));
    expect(versioned.reads).toBe(2);
    expect(recipientReads).toEqual(['gp-riverside']);
    expect(loggedVersions(audit)).toEqual(Array(8).fill(3));
  });

  it('decides again on fresh records every item whose shared snapshot went stale, logging none on it', async () => {
    // Prepare: the patient's records change right after the batch's one read of them
    const { disclosures, versioned, audit } = batchService();
    versioned.afterRead = (patientId) => {
      if (versioned.reads === 1) versioned.versions.set(patientId, 4);
    };

    // Act
    const results = await decideBatch(disclosures, caller, items(['MRN-1'], 3), 'batch-2');

    // Assess: each item lost its first commit, read again and was logged on version 4 only
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    expect(loggedVersions(audit)).toEqual([4, 4, 4]);
    expect(versioned.reads).toBe(1 + 3);
  });
});

describe('a batch looking up its stored answers', () => {
  it.each([
    { failGetMany: false, gets: 0 },
    { failGetMany: true, gets: 3 },
  ])('reads them in one call, or item by item if that call fails ($failGetMany)', async ({ failGetMany, gets }) => {
    // Prepare
    const { disclosures, audit, lookups } = batchService();
    lookups.failGetMany = failGetMany;

    // Act
    const results = await decideBatch(disclosures, caller, items(['MRN-1', 'MRN-2', 'MRN-3'], 1), 'batch-3');

    // Assess
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    expect([lookups.getManys, lookups.gets, audit.logged.length]).toEqual([1, gets, 3]);
  });
});

describe('BatchReads', () => {
  it('shares a read, but not a failed one', async () => {
    // Prepare
    const batch = new BatchReads();
    let reads = 0;
    const failing = () => {
      reads += 1;
      return Promise.reject(new Error('unavailable'));
    };
    const succeeding = () => {
      reads += 1;
      return Promise.resolve(records());
    };

    // Act
    const failed = await batch.records('demo', 'MRN-1', failing).catch((error: unknown) => error);
    await Promise.resolve();
    const first = await batch.records('demo', 'MRN-1', succeeding);
    const second = await batch.records('demo', 'MRN-1', succeeding);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(second).toBe(first);
    expect(reads).toBe(2);
  });
});
