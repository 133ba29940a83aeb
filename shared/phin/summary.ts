/** The released PHIN dataset and the run summary, from the items' answers. */
import type { ItemResult } from './submit.ts';

export interface SubmissionSummary {
  readonly episodes: number;
  readonly allowed: number;
  readonly redacted: number;
  readonly denied: number;
  readonly referred: number;
  /** 422: the request itself was malformed; nothing was decided or logged. */
  readonly invalid: number;
  /** Any other per-item status (e.g. 503 for one item): send again. */
  readonly failed: number;
  /** First reason code of each DENY/REFER, and the data-quality strips of released episodes. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly problems: Readonly<Record<string, number>>;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function summarise(results: readonly ItemResult[]): SubmissionSummary {
  const outcomes: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const problems: Record<string, number> = {};
  for (const result of results) {
    if (result.status !== 200) {
      bump(outcomes, result.status === 422 ? 'invalid' : 'failed');
      bump(problems, result.problem?.code ?? `status_${result.status}`);
      continue;
    }
    bump(outcomes, result.decision ?? 'unknown');
    const codes = result.reasonCodes ?? [];
    if (result.decision === 'DENY' || result.decision === 'REFER') bump(reasons, codes[0] ?? 'unknown');
    else
      codes
        .filter((code) => code === 'DQ_IDENTIFIER_STRIPPED' || code.startsWith('ID_'))
        .forEach((code) => bump(reasons, code));
  }
  return {
    episodes: results.length,
    allowed: outcomes['ALLOW'] ?? 0,
    redacted: outcomes['ALLOW_WITH_REDACTION'] ?? 0,
    denied: outcomes['DENY'] ?? 0,
    referred: outcomes['REFER'] ?? 0,
    invalid: outcomes['invalid'] ?? 0,
    failed: outcomes['failed'] ?? 0,
    reasons,
    problems,
  };
}

/** One line per released episode: exactly the payload the gatekeeper authorised (its payloadDigest). */
export function releasedNdjson(results: readonly ItemResult[]): string {
  return results
    .flatMap((result) => (result.status === 200 && result.payload ? [`${JSON.stringify(result.payload)}\n`] : []))
    .join('');
}
