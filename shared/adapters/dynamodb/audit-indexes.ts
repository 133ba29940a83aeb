/**
 * Names of the audit search indexes (audit.md §7): derived from the entries, newest first by `ts`.
 * They live beside the adapter that queries them so shared/ imports nothing from infra/; the table
 * definitions (infra/tables.ts) build the indexes from these same names.
 */
export const AUDIT_INDEXES = Object.freeze({
  byPatient: 'byPatient',
  byRecipient: 'byRecipient',
  byDecision: 'byDecision',
  byType: 'byType',
  byOrg: 'byOrg',
} as const);
