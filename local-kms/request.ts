/**
 * Reading a KMS JSON 1.1 request body. The SDK does not validate input on the client side, so the
 * endpoint must answer missing or malformed parameters the way KMS does: ValidationException.
 */
import { ValidationError } from './errors.ts';

export type KmsRequest = Readonly<Record<string, unknown>>;

export function optionalString(request: KmsRequest, name: string, maxLength = 8192): string | undefined {
  const value = request[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new ValidationError(`1 validation error detected: Value at '${name}' failed to satisfy constraint`);
  }
  return value;
}

export function requireString(request: KmsRequest, name: string, maxLength?: number): string {
  const value = optionalString(request, name, maxLength);
  if (value === undefined) throw new ValidationError(`1 validation error detected: '${name}' must not be null`);
  return value;
}

export function optionalEnum<T extends string>(
  request: KmsRequest,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(request, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(
      `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

export function requireEnum<T extends string>(request: KmsRequest, name: string, allowed: readonly T[]): T {
  const value = optionalEnum(request, name, allowed);
  if (value === undefined) throw new ValidationError(`1 validation error detected: '${name}' must not be null`);
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member: base64 in JSON, with KMS's length limits (in decoded bytes). */
export function optionalBlob(
  request: KmsRequest,
  name: string,
  limits: { min?: number; max: number },
): Buffer | undefined {
  const value = request[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new ValidationError(`1 validation error detected: Value at '${name}' is not valid base64`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < (limits.min ?? 1) || bytes.length > limits.max) {
    throw new ValidationError(
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${limits.max}`,
    );
  }
  return bytes;
}

export function requireBlob(request: KmsRequest, name: string, limits: { min?: number; max: number }): Buffer {
  const value = optionalBlob(request, name, limits);
  if (value === undefined) throw new ValidationError(`1 validation error detected: '${name}' must not be null`);
  return value;
}

export function optionalInteger(request: KmsRequest, name: string, min: number, max: number): number | undefined {
  const value = request[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`1 validation error detected: Value at '${name}' must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/** EncryptionContext: a string → string map; absent means empty. */
export function optionalStringMap(request: KmsRequest, name: string): Record<string, string> {
  const value = request[name];
  if (value === undefined || value === null) return {};
  const isMap =
    typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  if (!isMap) throw new ValidationError(`1 validation error detected: Value at '${name}' must be a map of strings`);
  return value as Record<string, string>;
}

/** Tags: [{ TagKey, TagValue }]. */
export function optionalTags(request: KmsRequest): { TagKey: string; TagValue: string }[] {
  const value = request['Tags'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError("1 validation error detected: Value at 'Tags' must be a list");
  return value.map((tag: unknown) => {
    const entry = (tag ?? {}) as KmsRequest;
    const tagValue = entry['TagValue'];
    // KMS allows an empty tag value, unlike every other string member here.
    if (typeof tagValue !== 'string' || tagValue.length > 256) {
      throw new ValidationError("1 validation error detected: Value at 'TagValue' failed to satisfy constraint");
    }
    return { TagKey: requireString(entry, 'TagKey', 128), TagValue: tagValue };
  });
}
