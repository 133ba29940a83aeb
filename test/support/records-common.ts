/**
 * TESTS ONLY. What the records tests share whatever stores they run on: the org's recipients, the
 * caller, a clock, the identifier switches of the local pack, the service wired from given stores,
 * and a decision entry appended as the disclosure service appends it. The stores come from
 * test/unit/records/fixture.ts (in memory) or test/integration/records-fixture.ts (DynamoDB Local).
 */
import type { Outcome } from '../../shared/audit/entry.ts';
import { Pseudonymiser } from '../../shared/pseudonym/index.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { AuditSearch } from '../../shared/ports/audit-search.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { RecordsStore } from '../../shared/ports/records-store.ts';
import type { Recipient } from '../../shared/records/model.ts';
import type { RegistryStore } from '../../shared/registry/model.ts';
import { entryHeader, patientLogOrigin } from '../../shared/services/audit-entries.ts';
import { patientIndexKey } from '../../shared/services/records-keys.ts';
import type { NotificationPacks } from '../../shared/services/notification-terms.ts';
import { RecordsService, type Caller, type IdentifierSwitches } from '../../shared/services/records-service.ts';
import { HmacTestKeyService } from './hmac-test-key-service.ts';

export const DEPLOYMENT = 'gatekeeper.test';
export const PATIENT_LOGS = 4;
export const DIGEST = 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:';

export const RECIPIENTS: ReadonlyArray<Pick<Recipient, 'recipientId' | 'name' | 'category'>> = [
  { recipientId: 'ins-acme-health', name: 'Acme Health', category: 'INSURER' },
  { recipientId: 'gp-riverside', name: 'Riverside Surgery', category: 'GP' },
  { recipientId: 'reg-gmc', name: 'General Medical Council', category: 'REGULATOR_PROFESSIONAL' },
];

export function caller(org: string, clientId = `${org}-clinical`): Caller {
  return { org, clientId, kid: 'k1', jti: `jti-${Math.random().toString(36).slice(2)}-0000` };
}

/** A clock that moves 1 ms per reading, so entries get distinct times. */
export function steppingClock(start = Date.parse('2026-11-22T07:00:00.000Z')): Clock {
  let now = start;
  return { now: () => (now += 1) };
}

/** The local pack's identifier switches: the 999 test range is valid, as the local stack configures it. */
export const LOCAL_IDENTIFIER_SWITCHES: IdentifierSwitches = Object.freeze({
  'nhs.allowTestRange': true,
  'chi.acceptMod10': true,
});

export interface RecordsStores {
  readonly registry: RegistryStore;
  readonly audit: AuditLog;
  readonly records: RecordsStore;
  readonly search: AuditSearch;
}

export interface StackOptions {
  readonly identifierSwitches?: IdentifierSwitches;
  readonly clock?: Clock;
  /** The packs notifications are weighed against (a deployment's catalogue); none by default. */
  readonly packs?: NotificationPacks;
  /** The UK pack's `notification.dueDays`. */
  readonly notificationDueDays?: number;
}

/** The records service over the given stores, with an in-memory MAC key. */
export function recordsStack<Stores extends RecordsStores>(stores: Stores, options: StackOptions = {}) {
  const clock = options.clock ?? steppingClock();
  const pseudonymiser = new Pseudonymiser(new HmacTestKeyService());
  const service = new RecordsService({
    ...stores,
    pseudonymiser,
    clock,
    deployment: DEPLOYMENT,
    identifierSwitches: options.identifierSwitches ?? LOCAL_IDENTIFIER_SWITCHES,
    ...(options.packs !== undefined ? { packs: options.packs } : {}),
    ...(options.notificationDueDays !== undefined ? { notificationDueDays: options.notificationDueDays } : {}),
  });
  return { ...stores, clock, pseudonymiser, service };
}

export type RecordsStack = ReturnType<typeof recordsStack<RecordsStores>>;

export function originOf(org: string, patientId: string): string {
  return patientLogOrigin(DEPLOYMENT, org, patientId, PATIENT_LOGS);
}

/** Appends a `disclosure.decision` entry the way the disclosure service will (shape of audit.md §2). */
export async function appendDecision(
  stack: RecordsStack,
  input: {
    org: string;
    patientId: string;
    recipientId: string;
    category: string;
    outcome: Outcome;
    purpose?: string;
    clientId?: string;
    reasonCodes?: string[];
    /** The flow and pack that decided it (a Swedish release names se-default's), and its jurisdiction. */
    flow?: string;
    policyId?: string;
    jurisdiction?: string;
    /** An instrument basis makes it a mandatory release. */
    mandatory?: boolean;
  },
) {
  const origin = originOf(input.org, input.patientId);
  const entry = {
    ...entryHeader({
      origin,
      type: 'disclosure.decision',
      org: input.org,
      actor: caller(input.org, input.clientId),
      clock: stack.clock,
    }),
    patient: { ref: input.patientId },
    request: { requestId: `req-${Math.random().toString(36).slice(2)}`, digest: DIGEST },
    records: { version: 0 },
    decision: {
      outcome: input.outcome,
      reasonCodes: input.reasonCodes ?? ['ALLOW_CONTRACT'],
      obligations: [],
      recipient: { id: input.recipientId, category: input.category },
      purpose: input.purpose ?? 'PAYMENT',
      jurisdiction: input.jurisdiction ?? 'UK-ENG',
      ...(input.flow !== undefined ? { flow: input.flow } : {}),
      ...(input.mandatory === true ? { basis: { source: 'INSTRUMENT' as const } } : {}),
      transformations: [],
      payloadDigest: DIGEST,
      policy: { id: input.policyId ?? 'uk-default', version: 'test', digest: DIGEST },
    },
  };
  const receipt = await stack.audit.append({
    origin,
    entry,
    patientIndexKey: await patientIndexKey(stack.pseudonymiser, input.org, input.patientId),
  });
  return { receipt, entry };
}
