/**
 * TESTS ONLY. What a soak run prints: how many operations of each kind were ok, failed or
 * indeterminate (at the first attempt and once settled), the faults injected, what the verifier
 * proved, and every violation found. A run passes only with the log verified and no violation.
 */
import type { SoakResult } from './soak.ts';

export function soakPassed(result: SoakResult): boolean {
  return (
    result.findings.report.ok &&
    result.findings.violations.length === 0 &&
    result.monitor.failures.length === 0 &&
    unsettled(result) === 0
  );
}

export function unsettled(result: SoakResult): number {
  return result.records.filter((record) => record.outcome === 'indeterminate').length;
}

export function formatSoak(result: SoakResult, seed: number): string {
  const rows = new Map<string, Record<string, number>>();
  for (const record of result.records) {
    const row = rows.get(record.op.kind) ?? {
      total: 0,
      firstIndeterminate: 0,
      ok: 0,
      failed: 0,
      indeterminate: 0,
      retried: 0,
    };
    row['total']! += 1;
    row[record.outcome]! += 1;
    if (record.firstClass === 'indeterminate') row['firstIndeterminate']! += 1;
    if (record.attempts > 1) row['retried']! += 1;
    rows.set(record.op.kind, row);
  }
  const { findings } = result;
  const lines = [
    `soak seed=${seed}  operations=${result.records.length}  ${result.seconds.toFixed(1)} s  (${(result.records.length / result.seconds).toFixed(1)} ops/s)`,
    'kind               total  ok      failed  indet.  first-indet.  retried',
    ...[...rows.entries()]
      .sort()
      .map(
        ([kind, row]) =>
          `${kind.padEnd(18)} ${[row['total'], row['ok'], row['failed'], row['indeterminate']].map((n) => String(n).padStart(6)).join('  ')}  ${String(row['firstIndeterminate']).padStart(12)}  ${String(row['retried']).padStart(7)}`,
      ),
    `failed answers: ${failedStatuses(result)}`,
    `faults injected: ${Object.entries(result.faults)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${kind}=${n}`)
      .join(' ')}`,
    `verifier (full): ${findings.report.ok ? 'VERIFIED' : 'FAILED'}  logs=${findings.report.stats.origins} checkpoints=${findings.report.stats.checkpoints} entries=${findings.report.stats.entries} consistency-proofs=${findings.report.stats.consistencyProofs}`,
    ...findings.report.failures.map(
      (failure) =>
        `  verifier failure ${failure.code} ${failure.origin}${failure.index === undefined ? '' : `#${failure.index}`}: ${failure.message}`,
    ),
    `monitor: ${result.monitor.rounds} rounds, ${result.monitor.consistencyProofs} consistency proofs between successive checkpoints, ${result.monitor.failures.length} failures`,
    ...result.monitor.failures.map(
      (failure) => `  monitor failure ${failure.code} ${failure.origin}: ${failure.message}`,
    ),
    `answers: decisions=${findings.decisionsAnswered} released=${findings.released} record-writes=${findings.writesAnswered}; decisions logged but never answered=${findings.loggedUnanswered}; unsettled=${unsettled(result)}`,
    `violations: ${findings.violations.length === 0 ? 'none' : ''}`,
    ...findings.violations.map((violation) => `  ${violation}`),
    soakPassed(result) ? 'SOAK PASSED' : `SOAK FAILED (replay with SOAK_SEED=${seed})`,
  ];
  return lines.join('\n');
}

/** `kind status×count` of the refusals, so an unexpected 4xx stands out. */
function failedStatuses(result: SoakResult): string {
  const counts = new Map<string, number>();
  for (const record of result.records) {
    if (record.outcome !== 'failed') continue;
    const code = (record.body as { code?: string } | undefined)?.code ?? '';
    const key = `${record.op.kind} ${String(record.status)} ${code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, n]) => `${key}×${n}`).join(', ') || 'none';
}
