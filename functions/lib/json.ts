import { MalformedJsonError, MalformedRequestError } from './errors.ts';

/** Keys that reach Object.prototype in careless merges; refused anywhere in a body. */
const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Real bodies nest a handful of levels; deeper is an attack on recursive code downstream. */
export const MAX_JSON_DEPTH = 32;

// ignoreBOM keeps a BOM in the text, so JSON.parse refuses it as RFC 8259 allows: one reading only.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses the raw body as UTF-8 JSON and refuses dangerous keys and deep nesting. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new MalformedJsonError({ cause: error });
  }
  assertSafeJson(value);
  return value;
}

/** Iterative, so a hostile body cannot overflow the stack while we inspect it. */
export function assertSafeJson(root: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) throw new MalformedRequestError('The request body nests too deeply');
    const children = Array.isArray(value) ? (value as unknown[]) : Object.keys(value).map((key) => checkedChild(value, key));
    for (const child of children) pending.push({ value: child, depth: depth + 1 });
  }
}

function checkedChild(object: object, key: string): unknown {
  if (DANGEROUS_KEYS.has(key)) throw new MalformedRequestError('The request body contains a forbidden key');
  return (object as Record<string, unknown>)[key];
}
