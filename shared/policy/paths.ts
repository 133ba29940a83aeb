/** Field paths of the disclosure record are `group.field`; the payload is plain JSON. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function splitPath(path: string): [string, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}

export function readField(payload: JsonObject, path: string): unknown {
  const [group, field] = splitPath(path);
  const container = payload[group];
  return isObject(container) && Object.hasOwn(container, field) ? container[field] : undefined;
}

export function writeField(payload: JsonObject, path: string, value: unknown): void {
  const [group, field] = splitPath(path);
  const container = payload[group];
  if (isObject(container)) container[field] = value;
  else payload[group] = groupOf(field, value);
}

/**
 * A new group holding one member. Not a computed-key literal (`{ [name]: value }`), which V8 runs
 * as a call into its runtime on every use (issue 15: the released payload makes one per group);
 * `__proto__` keeps the literal, so it stays an own member and never becomes the prototype.
 */
export function groupOf(name: string, value: unknown): JsonObject {
  if (name === '__proto__') return { [name]: value };
  const group: JsonObject = {};
  group[name] = value;
  return group;
}

/** writeField with the path already split (the pack's own strings, not sliced again per call). */
export function writeAt(payload: JsonObject, [group, name]: readonly [string, string], value: unknown): void {
  const container = payload[group];
  if (isObject(container)) container[name] = value;
  else payload[group] = groupOf(name, value);
}

export function deleteField(payload: JsonObject, path: string): void {
  const [group, field] = splitPath(path);
  const container = payload[group];
  if (isObject(container)) delete container[field];
}

/**
 * A deep copy of a JSON value (the payload passed the request schema, so it holds nothing else):
 * what is released must share nothing mutable with the request. Holes in a list stay holes.
 */
export function jsonCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonCopy) as T;
  const copy: JsonObject = {};
  // for-in over own members: Object.keys' order, without a copy of the key list (issue 15).
  for (const key in value) if (Object.hasOwn(value, key)) setMember(copy, key, jsonCopy((value as JsonObject)[key]));
  return copy as T;
}

/** Adds a member to a plain object; an own `__proto__` member (JSON.parse makes one) stays a member, not the prototype. */
export function setMember(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * Edits of a payload that leave the original untouched: the top level and each group are copied
 * the first time something in them changes, so an unedited payload costs nothing to "copy".
 */
export class PayloadDraft {
  readonly #original: JsonObject;
  #copy: JsonObject | undefined;
  /** Groups already copied; made on the first edit, since most payloads are never edited. */
  #owned: Set<string> | undefined;

  constructor(original: JsonObject) {
    this.#original = original;
  }

  get value(): JsonObject {
    return this.#copy ?? this.#original;
  }

  /** The group's own copy; only called for a group that holds the field being edited. */
  #group(group: string): JsonObject {
    const copy = (this.#copy ??= { ...this.#original });
    const owned = (this.#owned ??= new Set());
    if (!owned.has(group)) {
      copy[group] = { ...(copy[group] as JsonObject) };
      owned.add(group);
    }
    return copy[group] as JsonObject;
  }

  write(group: string, field: string, value: unknown): void {
    this.#group(group)[field] = value;
  }

  remove(group: string, field: string): void {
    delete this.#group(group)[field];
  }
}
