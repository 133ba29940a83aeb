/**
 * Gate 9's last rule: every group or field of the payload that the pack's catalogue does not know
 * is dropped with a row, however the profile reads. Most payloads hold none, so that is checked
 * first without building anything (issue 15).
 */
import type { Row } from './field-rules.ts';
import type { GateContext } from './gates/context.ts';
import { packIndex, type PackIndex } from './pack-index.ts';
import { isObject, type JsonObject } from './paths.ts';

/**
 * Whether the catalogue knows every group and field of the payload: the usual case, checked without
 * allocating. `for … in` also visits inherited enumerable keys; one the catalogue does not know only
 * sends the payload down the exact path below, so no own key can be missed.
 */
function allKnown(payload: JsonObject, index: PackIndex): boolean {
  for (const group in payload) {
    const value = payload[group];
    const known = index.known.get(group);
    if (known === undefined || !isObject(value)) return false;
    for (const field in value) if (!known.has(field)) return false;
  }
  return true;
}

/** Groups and fields present in the payload that the catalogue does not know, in a stable order. */
function unknownPaths(payload: JsonObject, index: PackIndex): string[] {
  const unknown: string[] = [];
  if (allKnown(payload, index)) return unknown;
  for (const group of Object.keys(payload).sort()) {
    const value = payload[group];
    const known = index.known.get(group);
    if (known === undefined || !isObject(value)) {
      unknown.push(group);
      continue;
    }
    const fields = Object.keys(value).filter((field) => !known.has(field));
    for (const field of fields.sort()) unknown.push(`${group}.${field}`);
  }
  return unknown;
}

/** Every group or field the catalogue does not know is dropped, in a stable order. */
export function addUnknown(payload: JsonObject, context: GateContext, rows: Row[]): void {
  for (const path of unknownPaths(payload, packIndex(context.document)))
    rows.push({ path, action: 'DROPPED', reason: 'REDACT_MINIMISATION' });
}
