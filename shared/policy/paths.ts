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
  else payload[group] = { [field]: value };
}

export function deleteField(payload: JsonObject, path: string): void {
  const [group, field] = splitPath(path);
  const container = payload[group];
  if (isObject(container)) delete container[field];
}
