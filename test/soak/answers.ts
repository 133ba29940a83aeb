/**
 * TESTS ONLY. What the soak's callers were told: every decision answered (single or inside a
 * batch) and every receipt handed out, read from the settled operation records.
 */
import type { OpRecord } from './driver.ts';

export interface Receipted {
  readonly receipt: { readonly origin: string; readonly index: number; readonly entryId: string };
}

export interface DecisionSeen extends Receipted {
  readonly requestId: string;
  readonly clientId: string;
  readonly patientId: string;
  /** When the caller first sent the request: any write answered before this must be visible to it. */
  readonly firstSentAt: number;
  readonly decision: string;
  readonly payload?: unknown;
  readonly payloadDigest?: string;
}

export interface WriteSeen extends Receipted {
  readonly kind: string;
  readonly path: string;
  readonly answeredAt: number;
}

interface AnswerBody {
  readonly decision?: string;
  readonly payload?: unknown;
  readonly payloadDigest?: string;
  readonly receipt?: Receipted['receipt'];
  readonly requestId?: string;
  readonly status?: number;
}

export function decisionsSeen(records: readonly OpRecord[]): DecisionSeen[] {
  const seen: DecisionSeen[] = [];
  for (const record of records) {
    if (record.outcome !== 'ok') continue;
    const clientId = record.client.clientId;
    if (record.op.kind === 'disclosure') {
      const request = record.op.body as { requestId: string; patientId: string };
      const answer = record.body as AnswerBody;
      if (answer.receipt && answer.decision) seen.push(decisionOf(answer, request, clientId, record.firstSentAt));
    } else if (record.op.kind === 'batch') {
      const requests = (record.op.body as { requests: Array<{ requestId: string; patientId: string }> }).requests;
      const results = (record.body as { results: AnswerBody[] }).results;
      results.forEach((result, i) => {
        if (result.status === 200 && result.receipt && result.decision)
          seen.push(decisionOf(result, requests[i]!, clientId, record.firstSentAt));
      });
    }
  }
  return seen;
}

function decisionOf(
  answer: AnswerBody,
  request: { requestId: string; patientId: string },
  clientId: string,
  firstSentAt: number,
): DecisionSeen {
  return {
    requestId: request.requestId,
    patientId: request.patientId,
    clientId,
    firstSentAt,
    decision: answer.decision!,
    receipt: answer.receipt!,
    ...(answer.payload !== undefined ? { payload: answer.payload, payloadDigest: answer.payloadDigest } : {}),
  };
}

/** Every ok records write with the receipt it was answered with. */
export function writesSeen(records: readonly OpRecord[]): WriteSeen[] {
  return records.flatMap((record) => {
    const receipt = (record.body as AnswerBody | undefined)?.receipt;
    if (
      record.outcome !== 'ok' ||
      record.op.method === 'GET' ||
      receipt === undefined ||
      record.op.kind === 'disclosure'
    )
      return [];
    return [{ kind: record.op.kind, path: record.op.path, answeredAt: record.answeredAt, receipt }];
  });
}
