/**
 * Waits before retrying after a lost race: exponential from `baseMs`, capped at `capMs`, with
 * ±50% jitter so writers that collided once do not collide again in lockstep.
 */
export function backoff(attempt: number, capMs: number, baseMs = 5): Promise<void> {
  const ms = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20)) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}
