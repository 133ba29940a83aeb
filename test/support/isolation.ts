/**
 * TESTS ONLY. Drives the DynamoDB isolation model of the running local stack over its control API
 * (test/support/isolation-control-api.ts) from a test worker.
 */
import { stack } from './stack.ts';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack().isolationUrl}/_isolation${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`isolation model answered ${response.status} to ${method} ${path}`);
  return (await response.json()) as T;
}

export const isolation = {
  reset: () => call('DELETE', ''),
  /** Every records Query read one item at a time, up to `maxGapMs` apart (mode a). */
  itemByItem: (on: boolean, maxGapMs = 0) => call('POST', '/item-by-item', { on, maxGapMs }),
  /**
   * Pauses the next consistent Query of a partition whose key contains `partitionContains`, right
   * after it has read the first item whose sort key starts with `afterSortKeyPrefix`.
   */
  async pauseQuery(partitionContains: string, afterSortKeyPrefix: string) {
    const { id } = await call<{ id: number }>('POST', '/pauses', { partitionContains, afterSortKeyPrefix });
    return {
      /** Resolves when a Query is held at the pause: the interleaving is now fixed. */
      reached: () => call('GET', `/pauses/${id}`),
      release: () => call('POST', `/pauses/${id}/release`),
    };
  },
  freezeIndexes: () => call('POST', '/indexes', { frozen: true }),
  catchUpIndexes: () => call('POST', '/indexes', { frozen: false }),
  /** The next transaction whose request mentions `contains` is applied, then answered 500. */
  async failAfterCommit(contains: string) {
    const { id } = await call<{ id: number }>('POST', '/failures', { contains });
    return { fired: async () => (await call<{ fired: boolean }>('GET', `/failures/${id}`)).fired };
  },
};
