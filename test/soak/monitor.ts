/**
 * TESTS ONLY. An auditor watching the logs while the soak runs, as `gatekeeper audit verify --state`
 * does on a schedule: every few seconds it verifies the newest signed checkpoints against the
 * trusted state of its last good run (consistency proofs between them), then keeps the new state.
 * The final full verification starts from that state, so every checkpoint the monitor saw is
 * proven consistent with the final log. A source that is unavailable under faults is only skipped;
 * any other failure is a broken promise.
 */
import { ApiAuditSource, type SignedRequester } from '../../shared/audit/api-source.ts';
import type { TrustedState, VerificationFailure } from '../../shared/audit/verifier-types.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';

export interface LogMonitor {
  /** Stops watching (after the round in flight) and answers the state and what it found. */
  stop(): Promise<{
    trusted: TrustedState;
    rounds: number;
    consistencyProofs: number;
    failures: VerificationFailure[];
  }>;
}

export function startLogMonitor(auditor: SignedRequester, vkeys: readonly string[], everyMs = 3_000): LogMonitor {
  let trusted: TrustedState = {};
  let rounds = 0;
  let consistencyProofs = 0;
  const failures: VerificationFailure[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const round = async () => {
    const source = new ApiAuditSource(auditor);
    const report = await verifyAuditLog({ source, proofs: source, vkeys, mode: 'checkpoints', trusted }).catch(
      () => undefined,
    );
    if (report === undefined) return;
    rounds += 1;
    consistencyProofs += report.stats.consistencyProofs;
    failures.push(...report.failures.filter((failure) => failure.code !== 'source_unavailable'));
    trusted = report.newTrustedState;
  };
  const schedule = () => {
    timer = setTimeout(() => {
      inFlight = round().finally(() => {
        if (!stopped) schedule();
      });
    }, everyMs);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return { trusted, rounds, consistencyProofs, failures };
    },
  };
}
