import type { VerificationFailure, VerificationReport, VerifyProgress } from '../../shared/audit/verifier-types.ts';
import { EXIT } from '../command.ts';

/** Exit codes of `audit verify`: 0 verified, 1 verification failed, 2 usage, 3 the source was unavailable. */
export const VERIFY_EXIT = Object.freeze({ ok: EXIT.ok, failed: 1, usage: EXIT.usage, unavailable: 3 });

/**
 * 3 only when nothing failed but the source itself (so the log was not shown to be wrong, just not
 * reachable); any real failure wins, because it is evidence.
 */
export function verifyExitCode(report: Pick<VerificationReport, 'ok' | 'failures'>): number {
  if (report.ok) return VERIFY_EXIT.ok;
  return report.failures.every((failure) => failure.code === 'source_unavailable')
    ? VERIFY_EXIT.unavailable
    : VERIFY_EXIT.failed;
}

/** Where a failure is: the entry index, the checkpoint size, or both. */
export function locate(failure: VerificationFailure): string {
  const parts = [
    ...(failure.index === undefined ? [] : [`entry ${failure.index}`]),
    ...(failure.checkpointSize === undefined ? [] : [`checkpoint of size ${failure.checkpointSize}`]),
  ];
  return parts.length === 0 ? 'the log' : parts.join(', ');
}

function failureLines(label: string, failure: VerificationFailure): string[] {
  return [`${label}  ${failure.origin}`, `        ${failure.code} at ${locate(failure)}`, `        ${failure.message}`];
}

/** The report an auditor reads: verdict, counts, then the first failure of each log and any warnings. */
export function formatReport(report: VerificationReport, mode: string): string {
  const { stats } = report;
  const lines = [
    `Audit log verification (${mode}): ${report.ok ? 'VERIFIED' : 'FAILED'}`,
    `  logs ${stats.origins}   checkpoints ${stats.checkpoints}   entries ${stats.entries}   consistency proofs ${stats.consistencyProofs}`,
  ];
  for (const failure of report.failures) lines.push('', ...failureLines('FAILED ', failure));
  for (const warning of report.warnings) lines.push('', ...failureLines('warning', warning));
  if (report.ok) lines.push('', `Trusted state now covers ${Object.keys(report.newTrustedState).length} log(s).`);
  return lines.join('\n');
}

/** One progress line, redrawn in place on a terminal (stderr only, never in the report). */
export function progressLine(progress: VerifyProgress): string {
  const what = progress.phase === 'entries' ? `${progress.done} entries` : `${progress.done} checkpoints`;
  return `\r\u001b[2K  verifying ${progress.origin}: ${what}`;
}
