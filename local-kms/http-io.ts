/** Reading requests and writing AWS JSON 1.1 answers; errors carry `__type`, which the SDK maps to its classes. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SerializationError, type LocalKmsError } from './errors.ts';

/** KMS's largest request is far below this; anything bigger is not a KMS request. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new SerializationError('Request body is too large.');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SerializationError('Request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SerializationError('Request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function sendJson(response: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(payload);
}

export function sendError(response: ServerResponse, error: LocalKmsError): void {
  sendJson(response, error.status, { __type: error.code, message: error.message });
}

export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status).end();
}
