import { ValidationFailedError } from '../../shared/errors.ts';
import { MalformedJsonError, MalformedRequestError } from './errors.ts';
import { fieldPath } from './validation.ts';

/** Keys that reach Object.prototype in careless merges; refused anywhere in a body. */
const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * Real bodies nest a handful of levels; deeper is an attack on recursive code downstream. The
 * schemas hold payloads to api.md §1.1's depth of 8; this cheaper walk stops anything absurd before
 * any schema (recursive code) sees it, with the same answer: 422 naming no caller-chosen key.
 */
export const MAX_JSON_DEPTH = 32;

// ignoreBOM keeps a BOM in the text, so JSON.parse refuses it as RFC 8259 allows: one reading only.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses the raw body as UTF-8 JSON and refuses dangerous keys, repeated keys and deep nesting. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let value: unknown;
  let text: string;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError({ cause: error });
  }
  assertSafeJson(value);
  assertNoRepeatedKeys(text);
  return value;
}

/**
 * A key twice in one object has no single meaning (JSON.parse keeps the last, other parsers the
 * first), so the body we verified and the body another system reads could differ: refuse it. The
 * text is already valid JSON, so one pass tracking object keys suffices; keys are compared after
 * unescaping (`"b"` and `"\u0062"` are the same key).
 */
export function assertNoRepeatedKeys(text: string): void {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const keys = objects.at(-1)!;
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) throw new MalformedRequestError('The request body repeats a key in one object');
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      objects.push(c === '{' ? new Set() : undefined);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      objects.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = objects.at(-1) !== undefined;
    }
  }
}

/**
 * Iterative, so a hostile body cannot overflow the stack while we inspect it. A number literal that
 * does not fit a double (`1e400`) parses as Infinity, which no schema, digest or store can hold:
 * it is a validation failure naming where it is (api.md §1.1), never a 500 further down.
 */
export function assertSafeJson(root: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let nonFinite = false;
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value === 'number' && !Number.isFinite(value)) nonFinite = true;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH)
      throw new ValidationFailedError([{ path: '', code: 'too_big', message: 'must not nest deeper than 8 levels' }]);
    const children = Array.isArray(value)
      ? (value as unknown[])
      : Object.keys(value).map((key) => checkedChild(value, key));
    for (const child of children) pending.push({ value: child, depth: depth + 1 });
  }
  if (nonFinite)
    throw new ValidationFailedError([
      { path: fieldPath(pathToNonFinite(root) ?? []), code: 'invalid_type', message: 'must be a finite number' },
    ]);
}

/** The first non-finite number's path; only called after the walk above bounded the depth. */
function pathToNonFinite(value: unknown): PropertyKey[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [];
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const below = pathToNonFinite(child);
    if (below) return [Array.isArray(value) ? Number(key) : key, ...below];
  }
  return undefined;
}

function checkedChild(object: object, key: string): unknown {
  if (DANGEROUS_KEYS.has(key)) throw new MalformedRequestError('The request body contains a forbidden key');
  return (object as Record<string, unknown>)[key];
}
