import type { ConsentEntry, ObjectionEntry } from '../audit/entry.ts';
import type { Consent, Objection, RegisteredIdentifier } from '../records/model.ts';

/**
 * What a record looks like inside an audit entry (audit.md §2: "the record as stored", but never
 * free text, names or an identifier in clear). Free text is replaced by a flag, so an auditor can
 * see that staff wrote something without the log ever holding it.
 */
export function consentForEntry(consent: Consent): ConsentEntry['record'] {
  const { withdrawn, ...rest } = consent;
  if (!withdrawn) return { ...rest };
  const { reason, ...withdrawal } = withdrawn;
  return {
    ...rest,
    withdrawn: { ...withdrawal, ...(reason !== undefined && reason !== '' ? { hasReason: true } : {}) },
  };
}

export function objectionForEntry(objection: Objection): ObjectionEntry['record'] {
  const { note, ...rest } = objection;
  return { ...rest, ...(note !== undefined && note !== '' ? { hasNote: true } : {}) };
}

/** Registered identifiers as pseudonyms only: the mask keeps digits of the number, so it stays out. */
export function identifiersForEntry(
  identifiers: readonly RegisteredIdentifier[],
): Array<{ system: string; key: string }> {
  return identifiers.map((id) => ({ system: id.system, key: id.key }));
}

/** A record without its withdrawal: what an idempotent retry of the original write must match. */
export function withoutWithdrawal<T extends Consent | Objection>(record: T): Omit<T, 'withdrawn'> {
  const { withdrawn: _withdrawn, ...rest } = record;
  return rest;
}
