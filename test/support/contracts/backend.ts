/**
 * TESTS ONLY. What the store contracts (audit-log-contract.ts, records-store-contract.ts) need of a
 * backend: the in-memory stores in test/unit, the DynamoDB adapters on DynamoDB Local in
 * test/integration. One contract, run against both, is what lets fast tests trust the fakes.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import type { AuditReadEntry } from '../../../shared/audit/entry.ts';
import type { AuditLog } from '../../../shared/ports/audit-log.ts';
import type { RecordsStore } from '../../../shared/ports/records-store.ts';
import type { Consent } from '../../../shared/records/model.ts';

export interface ContractBackend {
  /** An audit log over the backend's store; a second one is a second process on the same store. */
  auditLog(): AuditLog;
  readonly records: RecordsStore;
  /** The canonical JSON of every entry of a log, in index order, as stored. */
  entries(origin: string): Promise<string[]>;
  /** The log's head, if it was ever written. */
  head(origin: string): Promise<{ readonly size: number; readonly frontier: readonly Uint8Array[] } | undefined>;
  close(): Promise<void>;
}

let sequence = 0;

/** A fresh log name, so the tests of one backend never share a log. */
export function freshOrigin(): string {
  return `gatekeeper.test/contract/${randomUUID()}`;
}

/** A small valid entry of the log; its type does not matter to the store. */
export function entryFor(origin: string, org = 'contract'): AuditReadEntry {
  sequence += 1;
  return {
    v: 'gk-audit/1',
    origin,
    id: ulid(),
    time: '2026-11-22T09:00:00.000Z',
    type: 'audit.read',
    org,
    actor: { clientId: 'contract-client', kid: 'k1', jti: `jti-${sequence}` },
    query: { n: sequence },
  };
}

export function consent(consentId = `cons-${randomUUID()}`): Consent {
  return {
    consentId,
    scope: 'INSURER_CLAIM',
    recipientId: 'ins-acme-health',
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'scan-0042',
    capturedBy: 'staff-17',
    at: '2026-11-20T09:00:00.000Z',
  };
}

export function freshPatient(): string {
  return `MRN-${randomUUID().slice(0, 8)}`;
}
