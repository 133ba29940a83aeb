/**
 * The Swedish `patient` actions (policy-se.md §9): blocks (spärrar) and their lifts, the spärr
 * check, care relations, registerutdrag. Each becomes one signed request to the records endpoints.
 */
import { randomUUID } from 'node:crypto';
import { UsageError } from '../command.ts';

type Values = Readonly<Record<string, string | undefined>>;
interface SeAction {
  readonly usage: string;
  readonly positionals: number;
  readonly request: (
    ids: readonly string[],
    v: Values,
    now: string,
  ) => { method: 'POST' | 'PUT'; path: string; body: unknown };
}

const required = (v: Values, name: string): string => {
  const value = v[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
};
const p = (id: string) => `/v1/patients/${encodeURIComponent(id)}`;

export const SE_ACTIONS: Readonly<Record<string, SeAction>> = {
  block: {
    usage:
      'block <patientId> --kind <INRE|YTTRE> [--unit <HSA-id>] --recorded-by <staff id> [--source LOCAL|NATIONELL_SPARRTJANST] [--expires <iso>] [--evidence <ref>] [--id <blockId>] [--at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/blocks`,
      body: {
        blockId: v['id'] ?? `blk-${randomUUID()}`,
        kind: required(v, 'kind'),
        ...(v['unit'] ? { careUnitId: v['unit'] } : {}),
        at: v['at'] ?? now,
        ...(v['expires'] ? { expiresAt: v['expires'] } : {}),
        source: v['source'] ?? 'LOCAL',
        recordedBy: required(v, 'recorded-by'),
        ...(v['evidence'] ? { evidenceRef: v['evidence'] } : {}),
      },
    }),
  },
  'lift-block': {
    usage:
      'lift-block <patientId> <blockId> --reason <PATIENT_REQUEST|REGISTRATION_ERROR> --recorded-by <staff id> [--evidence <ref>] [--at <iso>]',
    positionals: 2,
    request: ([id, blockId], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/blocks/${encodeURIComponent(blockId!)}/lift`,
      body: {
        at: v['at'] ?? now,
        recordedBy: required(v, 'recorded-by'),
        reason: required(v, 'reason'),
        ...(v['evidence'] ? { evidenceRef: v['evidence'] } : {}),
      },
    }),
  },
  'sparr-check': {
    usage:
      'sparr-check <patientId> --status <CHECKED|UNAVAILABLE> [--source LOCAL|NATIONELL_SPARRTJANST] [--checked-at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'PUT',
      path: `${p(id!)}/sparr-check`,
      body: {
        status: required(v, 'status'),
        checkedAt: v['checked-at'] ?? now,
        source: v['source'] ?? 'NATIONELL_SPARRTJANST',
      },
    }),
  },
  'care-relation': {
    usage:
      'care-relation <patientId> --recipient <SE_VARDGIVARE id> --attested-by <staff id> --evidence <ref> [--to <iso>] [--id <relationId>] [--at <iso: from>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/care-relations`,
      body: {
        relationId: v['id'] ?? `vr-${randomUUID()}`,
        recipientId: required(v, 'recipient'),
        from: v['at'] ?? now,
        ...(v['to'] ? { to: v['to'] } : {}),
        attestedBy: required(v, 'attested-by'),
        evidenceRef: required(v, 'evidence'),
      },
    }),
  },
  registerutdrag: {
    usage:
      'registerutdrag <patientId> --form <SIGNED_LETTER|E_ID> --recorded-by <staff id> [--id <utdragId>] [--at <iso: requestedAt>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/registerutdrag`,
      body: {
        // A retry naming the same --id and --at is the same extract: logged once, the same count.
        utdragId: v['id'] ?? `utdrag-${randomUUID()}`,
        requestedAt: v['at'] ?? now,
        form: required(v, 'form'),
        recordedBy: required(v, 'recorded-by'),
      },
    }),
  },
};

/** `patient register`: the Swedish identifier systems (policy-se.md §9), each by its option. */
export const SE_REGISTRATION_OPTIONS = [
  ['SE_PERSONNUMMER', 'personnummer'],
  ['SE_SAMORDNINGSNUMMER', 'samordningsnummer'],
  ['SE_RESERVNUMMER', 'reservnummer'],
] as const;

/** Options only the Swedish actions use (the shared ones are declared with the other actions). */
export const SE_OPTIONS = [
  'kind',
  'unit',
  'source',
  'attested-by',
  'to',
  ...SE_REGISTRATION_OPTIONS.map(([, option]) => option),
  'employers',
] as const;
