import type { LoadedPolicy } from '../policy/pack.ts';
import type { PolicyCatalogue } from '../policy/catalogue.ts';
import type { AtomicWrite, AuditLog } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import type { PatientRecordsSnapshot } from '../records/model.ts';
import type { RegistryStore } from '../registry/model.ts';
import type { AdmissionRead } from '../auth/admission-read.ts';
import type { ReplayInTransaction } from '../auth/deferred-replay.ts';
import type { BatchReads } from './batch-reads.ts';
import type { AuthorisationSigner } from './signing-keys.ts';

export interface DisclosureDeps {
  readonly registry: RegistryStore;
  readonly records: {
    read(org: string, patientId: string): Promise<PatientRecordsSnapshot>;
    versionCheck(org: string, patientId: string, version: number): AtomicWrite;
    releaseMark(org: string, patientId: string, version: number, nowMs: number): AtomicWrite;
  };
  readonly idempotency: {
    get<T>(org: string, clientId: string, requestId: string): Promise<{ requestDigest: string; answer: T } | undefined>;
    /** Many stored answers of one client at once, by requestId (a batch's first look); optional. */
    getMany?<T>(
      org: string,
      clientId: string,
      requestIds: readonly string[],
    ): Promise<ReadonlyMap<string, { requestDigest: string; answer: T }>>;
    put(
      org: string,
      clientId: string,
      requestId: string,
      requestDigest: string,
      answer: unknown,
      nowMs: number,
    ): AtomicWrite;
  };
  readonly audit: AuditLog;
  readonly reviews: ReviewStore;
  readonly pseudonymiser: Pseudonymiser;
  readonly authorisations: AuthorisationSigner;
  /** The pack of orgs that name none (created before packs were chosen per org). */
  readonly policy: LoadedPolicy;
  /** Every pack the deployment runs; an org's registry record names its pack per jurisdiction. */
  readonly packs?: PolicyCatalogue;
  readonly clock: Clock;
  readonly deployment: string;
}

export interface DiscloseOptions {
  /** The caller's `Accept-Language`: which language the explanations are in, nothing else. */
  readonly acceptLanguage?: string | undefined;
  /** Settles when the signed request is admitted; it is awaited before anything is written or answered. */
  readonly admitted?: Promise<unknown>;
  /** In a batch: the reads its items share (the first attempt's records snapshot). */
  readonly batch?: BatchReads;
  /** The request's jti, recorded in the decision's transaction instead of before it. */
  readonly replay?: ReplayInTransaction | undefined;
  /** The read that carried the caller's client record, holding the recipient when it read it (read-along.ts). */
  readonly readAlong?: AdmissionRead | undefined;
}
