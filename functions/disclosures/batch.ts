/**
 * POST /v1/disclosures/batch (api.md §4.1): each item validated, decided and audited on its own,
 * results in request order. Pseudonyms for the whole batch are computed first (one KMS call per
 * distinct identifier), then items are decided a few at a time: concurrency lets the audit log
 * commit several entries per transaction without letting one batch monopolise KMS or DynamoDB.
 */
import { fieldErrors, problemDocument, ValidationFailedError } from '../lib/index.ts';
import { canonicalDigest } from '../../shared/canonical-json.ts';
import { disclosureRequestSchema, type DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import type { Caller } from '../../shared/services/admin-service.ts';
import type { DisclosureAnswer, DisclosureService } from '../../shared/services/disclosure-service.ts';
import { BatchReads } from '../../shared/services/batch-reads.ts';
import { groupableOrder } from '../../shared/services/batch-order.ts';

/** Items decided at once; well under the Lambda's KMS and DynamoDB budgets. */
export const BATCH_CONCURRENCY = 8;

export type BatchResult =
  | ({ requestId: string | undefined; status: 200 } & DisclosureAnswer)
  | { requestId: string | undefined; status: number; problem: ReturnType<typeof problemDocument> };

type Parsed = { ok: true; request: DisclosureRequest; item: unknown } | { ok: false; result: BatchResult };

function parseItem(item: unknown, batchRequestId: string): Parsed {
  const parsed = disclosureRequestSchema.safeParse(item);
  if (parsed.success) return { ok: true, request: parsed.data, item };
  const problem = problemDocument(new ValidationFailedError(fieldErrors(parsed.error.issues)), batchRequestId);
  return { ok: false, result: { requestId: requestIdOf(item), status: 422, problem } };
}

export async function decideBatch(
  disclosures: DisclosureService,
  caller: Caller,
  items: readonly unknown[],
  batchRequestId: string,
  acceptLanguage?: string,
): Promise<BatchResult[]> {
  const parsed = items.map((item) => parseItem(item, batchRequestId));
  const valid = parsed.flatMap((entry) => (entry.ok ? [entry.request] : []));
  const batch = new BatchReads();
  const [order] = await Promise.all([
    decisionOrder(disclosures, caller, parsed),
    disclosures.prefetchPseudonyms(caller, valid, batch),
    disclosures.prefetchAnswers(caller, valid, batch),
  ]);
  return mapLimited(parsed, BATCH_CONCURRENCY, order, async (entry): Promise<BatchResult> => {
    if (!entry.ok) return entry.result;
    const requestId = entry.request.requestId;
    try {
      // In a batch there are no per-item raw bytes: the item's canonical form is what is digested.
      return {
        requestId,
        status: 200,
        ...(await disclosures.disclose(caller, entry.request, canonicalDigest(entry.item), { acceptLanguage, batch })),
      };
    } catch (error) {
      const problem = problemDocument(error, batchRequestId);
      return { requestId, status: problem.status, problem };
    }
  });
}

/** The items in an order whose concurrent decisions share audit transactions (batch-order.ts). */
async function decisionOrder(
  disclosures: DisclosureService,
  caller: Caller,
  parsed: readonly Parsed[],
): Promise<readonly number[] | undefined> {
  const valid = parsed.flatMap((entry) => (entry.ok ? [entry.request.patientId] : []));
  const logs = await disclosures.patientLogsOf(caller, valid);
  if (!logs) return undefined;
  let next = 0;
  return groupableOrder(
    parsed.map((entry) => {
      if (!entry.ok) return { log: undefined, patient: undefined };
      return { log: logs[next++], patient: entry.request.patientId };
    }),
  );
}

/**
 * `work` over `items` with at most `limit` at once, started in `order` (indexes into `items`;
 * input order when undefined); results keep the input order.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  order: readonly number[] | undefined,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const sequence = order ?? items.map((_, index) => index);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sequence.length) {
      const index = sequence[next]!;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function requestIdOf(item: unknown): string | undefined {
  const value = (item as { requestId?: unknown } | null)?.requestId;
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}
