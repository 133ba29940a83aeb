import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TERM_OPTIONS_2026_2, consentTerms } from './patient-terms.ts';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.ts';
import { SE_ACTIONS, SE_OPTIONS, SE_REGISTRATION_OPTIONS } from './patient-se.ts';
import { patientReport } from './patient-report.ts';

/** One `patient` action: how its arguments become a request (api.md §4.2). */
interface Action {
  readonly usage: string;
  readonly positionals: number;
  readonly request: (
    ids: readonly string[],
    v: Readonly<Record<string, string | undefined>>,
    now: string,
  ) => { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown };
}

const at = (v: Readonly<Record<string, string | undefined>>, now: string) => v['at'] ?? now;
const required = (v: Readonly<Record<string, string | undefined>>, name: string): string => {
  const value = v[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
};
const p = (id: string) => `/v1/patients/${encodeURIComponent(id)}`;

const ACTIONS: Readonly<Record<string, Action>> = {
  register: {
    usage:
      'register <patientId> [--nhs <number>|--chi <number>|--hc <number>] [--gp <ODS code>] [--personnummer <number>|--samordningsnummer <number>] [--reservnummer <local number>] [--employers <recipientId,…>]',
    positionals: 1,
    request: ([id], v) => ({
      method: 'PUT',
      path: p(id!),
      body: {
        identifiers: [
          ['NHS_NUMBER', v['nhs']],
          ['CHI_NUMBER', v['chi']],
          ['HC_NUMBER', v['hc']],
          ...SE_REGISTRATION_OPTIONS.map(([system, option]) => [system, v[option]]),
        ]
          .filter(([, value]) => value)
          .map(([system, value]) => ({ system, value })),
        ...(v['gp'] ? { registeredGpOds: v['gp'] } : {}),
        ...(v['employers'] ? { employerRecipientIds: v['employers'].split(',') } : {}),
      },
    }),
  },
  consent: {
    usage:
      'consent <patientId> --scope <INSURER_CLAIM|…> --form <WRITTEN|ELECTRONIC|VERBAL> --evidence <ref> --captured-by <staff id> [--status GIVEN|DECLINED] [--recipient <id>] [--episode <id>] [--expires <iso>] [--records-from <date>] [--records-to <date>] [--see-before-release true] [--id <consentId>] [--at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/consents`,
      body: {
        consentId: v['id'] ?? `cons-${randomUUID()}`,
        scope: required(v, 'scope'),
        status: v['status'] ?? 'GIVEN',
        form: required(v, 'form'),
        evidenceRef: required(v, 'evidence'),
        capturedBy: required(v, 'captured-by'),
        at: at(v, now),
        ...(v['recipient'] ? { recipientId: v['recipient'] } : {}),
        ...(v['episode'] ? { episodeId: v['episode'] } : {}),
        ...(v['expires'] ? { expiresAt: v['expires'] } : {}),
        ...consentTerms(v),
      },
    }),
  },
  withdraw: {
    usage: 'withdraw <patientId> <consentId> --recorded-by <staff id> [--reason <text>] [--at <iso>]',
    positionals: 2,
    request: ([id, consentId], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/consents/${encodeURIComponent(consentId!)}/withdraw`,
      body: { at: at(v, now), recordedBy: required(v, 'recorded-by'), ...(v['reason'] ? { reason: v['reason'] } : {}) },
    }),
  },
  object: {
    usage:
      'object <patientId> --scope <category|purpose|ALL_NON_MANDATORY> --recorded-by <staff id> [--recipient <id>] [--note <text>] [--capacity-confirmed-by <staff id>] [--id <objectionId>] [--at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/objections`,
      body: {
        objectionId: v['id'] ?? `obj-${randomUUID()}`,
        scope: required(v, 'scope'),
        at: at(v, now),
        recordedBy: required(v, 'recorded-by'),
        ...(v['recipient'] ? { recipientId: v['recipient'] } : {}),
        ...(v['note'] ? { note: v['note'] } : {}),
        ...(v['capacity-confirmed-by'] ? { capacityConfirmedBy: v['capacity-confirmed-by'] } : {}),
      },
    }),
  },
  'withdraw-objection': {
    usage: 'withdraw-objection <patientId> <objectionId> --recorded-by <staff id> [--at <iso>]',
    positionals: 2,
    request: ([id, objectionId], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/objections/${encodeURIComponent(objectionId!)}/withdraw`,
      body: { at: at(v, now), recordedBy: required(v, 'recorded-by') },
    }),
  },
  ndop: {
    usage: 'ndop <patientId> --status <OPTED_OUT|NOT_OPTED_OUT> [--checked-at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'PUT',
      path: `${p(id!)}/ndop`,
      body: { status: required(v, 'status'), checkedAt: v['checked-at'] ?? now },
    }),
  },
  records: {
    usage: 'records <patientId>',
    positionals: 1,
    request: ([id]) => ({ method: 'GET', path: `${p(id!)}/records` }),
  },
  disclosures: {
    usage: 'disclosures <patientId>',
    positionals: 1,
    request: ([id]) => ({ method: 'GET', path: `${p(id!)}/disclosures` }),
  },
  restrict: {
    usage:
      'restrict <patientId> --ground <ACCURACY_CONTESTED|UNLAWFUL_OPPOSES_ERASURE|LEGAL_CLAIMS_HELD|OBJECTION_PENDING> --requested-by <PATIENT|REPRESENTATIVE|PROVIDER> --recorded-by <staff id> [--objection <objectionId>] [--episodes <id,id>] [--id <restrictionId>] [--at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/restrictions`,
      body: {
        restrictionId: v['id'] ?? `res-${randomUUID()}`,
        ground: required(v, 'ground'),
        requestedBy: required(v, 'requested-by'),
        at: at(v, now),
        recordedBy: required(v, 'recorded-by'),
        ...(v['objection'] ? { objectionId: v['objection'] } : {}),
        ...(v['episodes'] ? { episodeIds: v['episodes'].split(',') } : {}),
      },
    }),
  },
  'lift-restriction': {
    usage:
      'lift-restriction <patientId> <restrictionId> --reason <ACCURACY_VERIFIED|DATA_RECTIFIED|OBJECTION_DECIDED|CLAIM_CONCLUDED|DATA_ERASED|PATIENT_REQUEST> --informed-at <iso> --recorded-by <staff id> [--at <iso>]',
    positionals: 2,
    request: ([id, restrictionId], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/restrictions/${encodeURIComponent(restrictionId!)}/lift`,
      body: {
        at: at(v, now),
        recordedBy: required(v, 'recorded-by'),
        reason: required(v, 'reason'),
        // Art 18(3): the patient is told before the lift; the CLI never assumes it.
        patientInformedAt: required(v, 'informed-at'),
      },
    }),
  },
  erase: {
    usage:
      'erase <patientId> --grounds <CONSENT_WITHDRAWN|NO_LONGER_NECESSARY|OBJECTION_UPHELD|UNLAWFUL> --recorded-by <staff id> [--request-id <id>] [--at <iso>]',
    positionals: 1,
    request: ([id], v, now) => ({
      method: 'POST',
      path: `${p(id!)}/erase`,
      body: {
        requestId: v['request-id'] ?? `req-${randomUUID()}`,
        at: at(v, now),
        recordedBy: required(v, 'recorded-by'),
        grounds: required(v, 'grounds'),
      },
    }),
  },
  ...SE_ACTIONS,
};

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...Object.fromEntries(
    [
      'nhs',
      'chi',
      'hc',
      'gp',
      'scope',
      'form',
      'evidence',
      'captured-by',
      'status',
      'recipient',
      'episode',
      'expires',
      'id',
      'at',
      'recorded-by',
      'reason',
      'note',
      'checked-at',
      ...TERM_OPTIONS_2026_2,
      'ground',
      'requested-by',
      'objection',
      'episodes',
      'informed-at',
      'grounds',
      'request-id',
      ...SE_OPTIONS,
    ].map((name) => [name, { type: 'string' as const }]),
  ),
  json: { type: 'boolean' as const },
};

/** `patient …`: the records endpoints for records staff and the DPO office. */
export const patientCommand: Command = {
  name: 'patient',
  summary:
    'register patients and record consents, withdrawals, objections, NDOP, restrictions and erasure; Swedish blocks, spärr checks, care relations and registerutdrag; read records and disclosures',
  usage: [
    'gatekeeper patient <action> …',
    ...Object.values(ACTIONS).map((a) => `  ${a.usage}`),
    '  restrict, lift-restriction and erase print a readable report; --json prints the answer as JSON',
    CONNECTION_USAGE,
  ].join('\n'),
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const [name, ...ids] = positionals;
    const action = name ? ACTIONS[name] : undefined;
    if (!action) throw new UsageError(`unknown action ${name ?? '(none)'}; one of: ${Object.keys(ACTIONS).join(', ')}`);
    if (ids.length !== action.positionals) throw new UsageError(`usage: patient ${action.usage}`);
    const { json, ...strings } = values;
    const request = action.request(ids, strings, new Date().toISOString());
    const client = await connect(strings, io);
    const response = await client.request(request.method, request.path, request.body);
    if (response.status >= 400) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    const report = json === true ? undefined : patientReport(name!, ids[0]!, response.body);
    io.out(report ?? JSON.stringify(response.body ?? null, null, 2));
    return EXIT.ok;
  },
};
