/** api.md §2: 256 KiB per request, 5 MiB for the batch endpoint (PHIN monthly submissions). */
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_BATCH_BODY_BYTES = 5 * 1024 * 1024;
export const BATCH_PATH = '/v1/disclosures/batch';

export function maxBodyBytes(path: string): number {
  return path === BATCH_PATH ? MAX_BATCH_BODY_BYTES : MAX_BODY_BYTES;
}

// `application/json`, optionally with `charset=utf-8` (any case, optional quotes), nothing else.
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*("utf-8"|utf-8)\s*)?$/i;

/**
 * A body must be declared JSON. An empty body (GET, or a POST without one) may omit the header;
 * if it declares one, it must still be JSON, so nothing else is ever half-accepted.
 */
export function checkMediaType(contentType: string | undefined, bodyBytes: number): boolean {
  if (contentType === undefined) return bodyBytes === 0;
  return JSON_MEDIA_TYPE.test(contentType.trim());
}
