/**
 * PHIN submission input (docs in shared/phin/README.md): NDJSON, one disclosure request per line
 * (PHIN defaults filled in), or a flat CSV with one episode per row. Every episode gets a
 * deterministic requestId, `phin-<period>-<episodeId>`, so a resumed or repeated run asks the same
 * questions and the gatekeeper answers them idempotently instead of logging them twice.
 */
import { csvRecords } from './csv.ts';
import { PhinInputError } from './errors.ts';

export type Episode = Record<string, unknown>;

const MAX_REQUEST_ID = 128;

/** `phin-<period>-<episodeId>`; falls back to the line number when the episode has no id. */
export function phinRequestId(period: string, episodeId: unknown, line: number): string {
  const suffix = typeof episodeId === 'string' && episodeId.trim() !== '' ? episodeId.trim() : `line-${line}`;
  const id = `phin-${period}-${suffix}`;
  if (id.length > MAX_REQUEST_ID)
    throw new PhinInputError(`line ${line}: the derived requestId is longer than ${MAX_REQUEST_ID} characters`);
  return id;
}

/** Fills what every PHIN request has in common; values the line gives win. */
export function withPhinDefaults(request: Episode, period: string, line: number): Episode {
  const episode = request['episode'] as { id?: unknown } | undefined;
  return {
    recipientId: 'phin',
    purpose: 'STATUTORY_REPORTING',
    jurisdiction: 'UK-ENG',
    ...request,
    requestId:
      typeof request['requestId'] === 'string' ? request['requestId'] : phinRequestId(period, episode?.id, line),
  };
}

export function parseNdjson(text: string, period: string): Episode[] {
  const episodes: Episode[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new PhinInputError(`line ${line}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new PhinInputError(`line ${line}: expected a JSON object`);
    episodes.push(withPhinDefaults(value as Episode, period, line));
  });
  return episodes;
}

export function parseCsv(text: string, period: string): Episode[] {
  return csvRecords(text).map(({ line, fields }) => withPhinDefaults(csvEpisode(fields, line), period, line));
}

/** `.csv` by extension; anything else is NDJSON. */
export function parseEpisodes(fileName: string, text: string, period: string): Episode[] {
  return fileName.toLowerCase().endsWith('.csv') ? parseCsv(text, period) : parseNdjson(text, period);
}

const PATIENT = ['nhsNumber', 'chiNumber', 'hcNumber', 'localId', 'dateOfBirth', 'sex', 'postcode'] as const;
const EPISODE = [
  'admissionDate',
  'dischargeDate',
  'admissionMethod',
  'dischargeMethod',
  'dischargeDestination',
  'classification',
  'siteOdsCode',
  'consultantGmc',
] as const;
export const CSV_COLUMNS: readonly string[] = [
  'requestId',
  'patientId',
  'episodeId',
  'episodeType',
  'funding',
  'payerId',
  'jurisdiction',
  ...PATIENT,
  ...EPISODE,
  'diagnoses',
  'procedures',
];

function pick(fields: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (fields[name] ? [[name, fields[name]]] : [])));
}

const list = (cell: string | undefined): string[] =>
  cell
    ? cell
        .split(';')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : [];

/** One CSV row → one disclosure request. Codes are `;`-separated; a procedure is `code` or `code@YYYY-MM-DD`. */
function csvEpisode(fields: Readonly<Record<string, string>>, line: number): Episode {
  const unknown = Object.keys(fields).filter((name) => !CSV_COLUMNS.includes(name));
  if (unknown.length > 0)
    throw new PhinInputError(`line ${line}: unknown column(s) ${unknown.join(', ')}; see shared/phin/README.md`);
  const procedures = list(fields['procedures']).map((item) => {
    const [code = '', date] = item.split('@');
    return date ? { code, date } : { code };
  });
  const diagnoses = list(fields['diagnoses']).map((code) => ({ code }));
  return {
    ...(fields['requestId'] ? { requestId: fields['requestId'] } : {}),
    ...(fields['jurisdiction'] ? { jurisdiction: fields['jurisdiction'] } : {}),
    patientId: fields['patientId'] ?? '',
    episode: {
      id: fields['episodeId'] ?? '',
      type: fields['episodeType'] ?? '',
      funding: fields['funding'] ?? '',
      payerId: fields['payerId'] || null,
      referralSourceOds: null,
    },
    payload: {
      patient: { localId: fields['patientId'] ?? '', ...pick(fields, PATIENT) },
      episode: pick(fields, EPISODE),
      clinical: { ...(diagnoses.length > 0 ? { diagnoses } : {}), ...(procedures.length > 0 ? { procedures } : {}) },
    },
  };
}
