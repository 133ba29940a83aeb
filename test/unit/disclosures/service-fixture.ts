/**
 * The disclosure service with its real policy engine and in-memory ports, for unit tests that put
 * one port under fault or read what the service hands the audit log.
 */
import type { AppendRequest, AuditLog, CompanionTag } from '../../../shared/ports/audit-log.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/pseudonymiser.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { DisclosureService } from '../../../shared/services/disclosure-service.ts';
import { AuthorisationSigner } from '../../../shared/services/signing-keys.ts';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import type { ReviewStore } from '../../../shared/ports/review-store.ts';
import type { KeyService } from '../../../shared/ports/key-service.ts';
import { memoryWrite } from '../../support/memory/memory-write.ts';
import { DEFAULT_POLICY, NOW, RECIPIENTS, records } from '../policy/fixtures.ts';

/** An audit log that keeps each append it is asked for and fails it, so nothing is released. */
/** A review store with no cases, for decisions that never refer: opening a case still gives its write. */
export const NO_REVIEWS: ReviewStore = {
  get: () => Promise.resolve(undefined),
  caseForSubject: () => Promise.resolve(undefined),
  list: () => Promise.resolve([]),
  open: () => [{ tag: 'review', store: 'test', item: {} }],
  update: () => ({ tag: 'review', store: 'test', item: {} }),
  eraseText: () => ({ tag: 'review', store: 'test', item: {} }),
};

export class FailingAuditLog implements AuditLog {
  readonly attempts: AppendRequest[] = [];
  append(appendRequest: AppendRequest): Promise<never> {
    this.attempts.push(appendRequest);
    return Promise.reject(new AuditUnavailableError('the audit table is unavailable'));
  }
}

let writes = 0;
/**
 * A companion write whose condition always holds, in the in-memory log's form, so the service can
 * also run over the real group-commit queue (MemoryAuditLog); a log that only records writes reads its tag.
 */
const holding = (tag: CompanionTag) =>
  memoryWrite(tag, { key: `fixture-${(writes += 1)}`, holds: () => true, apply: () => undefined });

/** The real service and policy engine over in-memory ports; `records` and `clock` as a test needs them. */
export function service(
  audit: AuditLog,
  keys: KeyService,
  options: {
    readonly records?: PatientRecordsSnapshot;
    readonly clock?: () => number;
    /** The stored answers a retry finds; every look for one is counted in `lookups`. */
    readonly answers?: ReadonlyMap<string, { requestDigest: string; answer: unknown }>;
  } = {},
) {
  const lookups: string[] = [];
  const stored: unknown[] = [];
  const disclosures = new DisclosureService({
    registry: {
      getClient: () => Promise.resolve(undefined),
      getKeyOwnership: () => Promise.resolve(undefined),
      getOrganisation: () =>
        Promise.resolve({ org: 'demo', name: 'Demo', patientLogs: 8, createdAt: '2026-01-01T00:00:00Z' }),
      getRecipient: (_org, id) => Promise.resolve(RECIPIENTS[id]),
      listRecipients: () => Promise.resolve([]),
    },
    records: {
      read: () => Promise.resolve(options.records ?? records()),
      versionCheck: () => holding('recordsVersion'),
      releaseMark: () => holding('recordsVersion'),
    },
    idempotency: {
      get: <T>(_org: string, _clientId: string, requestId: string) => {
        lookups.push(requestId);
        return Promise.resolve(options.answers?.get(requestId) as { requestDigest: string; answer: T } | undefined);
      },
      put: (...args) => {
        stored.push(args);
        return holding('idempotentAnswer');
      },
    },
    audit,
    reviews: NO_REVIEWS,
    pseudonymiser: new Pseudonymiser(keys),
    authorisations: new AuthorisationSigner(keys),
    policy: DEFAULT_POLICY,
    clock: { now: options.clock ?? (() => NOW) },
    deployment: 'gatekeeper.test',
  });
  return { disclosures, stored, lookups };
}
