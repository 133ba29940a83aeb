/**
 * Registration (PUT /v1/patients/{id}, api.md §4.2): the identifiers as pseudonyms and masks, the
 * registered GP and, for a Swedish patient, the employers (policy-se.md §2). Idempotent on the
 * patient id and the content; a changed identifier is a rectification (Art 16), so recipients of
 * earlier releases are told.
 */
import type { Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { NationalIdSystem, RegisteredIdentifier } from '../records/model.ts';
import { identifiersForEntry } from './records-entries.ts';
import { identifiersChanged, openedBy } from './records-triggers.ts';
import type { Step } from './records-writer.ts';

export interface PatientView {
  readonly patientId: string;
  readonly identifiers: ReadonlyArray<{ readonly system: NationalIdSystem; readonly masked: string }>;
  readonly registeredGpOds?: string;
  readonly version: number;
}

export type RegistrationAnswer = PatientView & { receipt: Receipt; notifications: readonly Notification[] };

/** What a registration asks for, its identifiers already validated and pseudonymised. */
export interface Registration {
  readonly patientId: string;
  readonly identifiers: readonly RegisteredIdentifier[];
  readonly gp: string | undefined;
  readonly employers: readonly string[] | undefined;
}

export function planRegistration(
  snapshot: RecordsSnapshotWithReceipts,
  { patientId, identifiers, gp, employers }: Registration,
): Step<RegistrationAnswer> {
  // A retry of a registration that committed (its answer lost) answers with the entry it made.
  if (
    snapshot.registrationReceipt &&
    sameRegistration(snapshot, identifiers, gp) &&
    sameEmployers(snapshot.employerRecipientIds, employers)
  ) {
    const receipt = snapshot.registrationReceipt;
    const view = patientView(patientId, identifiers, gp, snapshot.version);
    return { done: { ...view, receipt, notifications: openedBy(snapshot, receipt) } };
  }
  return {
    body: {
      type: 'record.patient.registered',
      record: {
        identifiers: identifiersForEntry(identifiers),
        ...(gp !== undefined ? { registeredGpOds: gp } : {}),
        ...(employers !== undefined ? { employerRecipientIds: employers } : {}),
      },
    },
    requestId: patientId,
    set: {
      registered: true,
      identifiers,
      registeredGpOds: gp ?? null,
      ...(employers !== undefined ? { employerRecipientIds: employers } : {}),
    },
    metaReceipt: 'registrationReceipt',
    patientKey: identifiers[0]?.key ?? '',
    // Art 16: a registered identifier changed, so recipients of earlier releases are told.
    ...(identifiersChanged(snapshot, identifiers) ? { notify: { trigger: 'RECTIFIED' as const } } : {}),
    result: (receipt, version, notifications) => ({
      ...patientView(patientId, identifiers, gp, version),
      receipt,
      notifications,
    }),
  };
}

/** The patient as answered: identifiers masked, never their keys. */
export function patientView(
  patientId: string,
  identifiers: readonly RegisteredIdentifier[],
  gp: string | undefined,
  version: number,
): PatientView {
  return {
    patientId,
    identifiers: identifiers.map(({ system, masked }) => ({ system, masked })),
    ...(gp !== undefined ? { registeredGpOds: gp } : {}),
    version,
  };
}

/** The registration on record is the one asked for: same identifiers (as keys, in order) and GP. */
function sameRegistration(
  snapshot: RecordsSnapshotWithReceipts,
  identifiers: readonly RegisteredIdentifier[],
  gp: string | undefined,
): boolean {
  return (
    snapshot.registered &&
    snapshot.registeredGpOds === gp &&
    snapshot.identifiers.length === identifiers.length &&
    snapshot.identifiers.every(
      (stored, i) => stored.system === identifiers[i]!.system && stored.key === identifiers[i]!.key,
    )
  );
}

/** policy-se.md §2: a registration that names no employers leaves the recorded ones as they are. */
function sameEmployers(recorded: readonly string[] | undefined, asked: readonly string[] | undefined): boolean {
  return asked === undefined || JSON.stringify(recorded ?? []) === JSON.stringify(asked);
}
