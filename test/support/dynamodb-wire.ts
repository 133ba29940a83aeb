/**
 * TESTS ONLY. The pieces of DynamoDB's JSON wire protocol the isolation model needs: forwarding a
 * call to DynamoDB Local, reading a request body, the error body of an InternalServerError, and the
 * key of an item in low-level attribute-value form.
 */
import type { IncomingMessage } from 'node:http';

export type AttributeValue = Record<string, unknown>;
export type WireItem = Record<string, AttributeValue>;
export interface WireAnswer {
  /** Drop the connection instead of answering (a timeout or lost connection, as the client sees it). */
  readonly reset?: true;
  readonly status: number;
  readonly text: string;
  /** DynamoDB's checksum of `text`; only kept on answers passed through unchanged. */
  readonly crc: string | null;
}

export const INTERNAL_SERVER_ERROR: WireAnswer = {
  status: 500,
  text: JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error (isolation model: the transaction was applied, the answer lost)',
  }),
  crc: null,
};

export const CONNECTION_LOST: WireAnswer = { reset: true, status: 0, text: '', crc: null };

/** One call to DynamoDB Local, signed as the client signed it (DynamoDB Local reads only the credential scope). */
export async function forwardCall(
  backend: string,
  headers: IncomingMessage['headers'],
  target: string,
  body: string,
): Promise<WireAnswer> {
  // Identity encoding: the checksum header passed back is over the body exactly as DynamoDB Local sent it.
  const kept: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${target}`,
    'accept-encoding': 'identity',
  };
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'amz-sdk-invocation-id', 'user-agent']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  const response = await fetch(`${backend}/`, { method: 'POST', headers: kept, body });
  return { status: response.status, text: await response.text(), crc: response.headers.get('x-amz-crc32') };
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The text of a key attribute (S or N). */
export function scalar(value: AttributeValue | undefined): string {
  const text = value?.['S'] ?? value?.['N'];
  return typeof text === 'string' ? text : '';
}

/** Every table here keys items by `pk` (and `sk` where it has one): infra/tables.ts. */
export function itemKey(table: string, item: WireItem): string {
  return `${table}|${scalar(item['pk'])}|${scalar(item['sk'])}`;
}
