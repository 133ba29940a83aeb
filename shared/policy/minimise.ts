/**
 * Gate 9: the flow's profile keeps, drops, generalises or pseudonymises each field; a field the
 * profile does not list, and any field the pack does not know, is dropped. Removal is by
 * allow-list, never by scrubbing, and every change is a transformation row.
 */
import type { Consent } from '../records/model.ts';
import type { ProfileDef } from './document.ts';
import { applyRule, pseudonymiseField, type FieldEnv, type Row } from './field-rules.ts';
import type { GateContext } from './gates/context.ts';
import { instrumentFields, profileName } from './gates/flow.ts';
import { normaliseLocalId } from './gates/identity.ts';
import { packIndex, valueAt, type IndexedField, type PackIndex } from './pack-index.ts';
import { isObject, writeField, type JsonObject } from './paths.ts';
import { resolvedFields, type Clear } from './profile-rules.ts';

export type { Row } from './field-rules.ts';

export type { Clear } from './profile-rules.ts';

const OUT_OF_INSTRUMENT_SCOPE = 'REDACT_OUT_OF_INSTRUMENT_SCOPE';

/** §9.1.1: an order's field list names groups (`narrative`) or fields (`clinical.diagnoses`). */
function listedBy(fields: readonly string[] | undefined, field: IndexedField): boolean {
  return fields === undefined || fields.includes(field.def.path) || fields.includes(field.group);
}

/** Groups and fields present in the payload that the catalogue does not know, in a stable order. */
function unknownPaths(payload: JsonObject, index: PackIndex): string[] {
  const unknown: string[] = [];
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

export interface Minimised {
  readonly payload: JsonObject;
  readonly rows: readonly Row[];
}

/**
 * @param clear whether clear identifiers may go (identifier-basis.ts).
 * @param consent the consent relied on: items dated outside its period are not released.
 */
export async function minimise(
  context: GateContext,
  payload: JsonObject,
  clear: Clear,
  consent?: Consent,
): Promise<Minimised> {
  const profile = context.document.profiles[profileName(context)];
  const ordered = instrumentFields(context);
  const released: JsonObject = {};
  const rows: Row[] = [];
  const env: FieldEnv = { payload, consent };
  for (const resolved of resolvedFields(context.document, profile, context.select, clear)) {
    const { field, rule, reason } = resolved;
    const value = valueAt(payload, field);
    if (value === undefined) continue;
    if (!listedBy(ordered, field)) {
      rows.push({ path: field.def.path, action: 'DROPPED', reason: OUT_OF_INSTRUMENT_SCOPE, present: true });
      continue;
    }
    if (resolved.failure !== undefined) throw resolved.failure;
    const applied =
      rule.action === 'P'
        ? await pseudonymiseField(field.def, value, rule, context.pseudonymise)
        : applyRule(field.def, value, rule, reason ? { ...env, reason } : env);
    if (applied.released) writeAt(released, resolved.target, applied.released.value);
    for (const row of applied.rows) rows.push(row);
  }
  for (const path of unknownPaths(payload, packIndex(context.document)))
    rows.push({ path, action: 'DROPPED', reason: 'REDACT_MINIMISATION', present: true });
  for (const derived of profile?.derived ?? []) await addDerived(context, derived, released, rows);
  return { payload: released, rows };
}

/** writeField with the path already split (the pack's own strings, not sliced again per call). */
function writeAt(payload: JsonObject, [group, name]: readonly [string, string], value: unknown): void {
  const container = payload[group];
  if (isObject(container)) container[name] = value;
  else payload[group] = { [name]: value };
}

type DerivedDef = NonNullable<ProfileDef['derived']>[number];

/** A value the profile derives from the request itself (the episode id, the funding), pseudonymised or not. */
async function addDerived(context: GateContext, derived: DerivedDef, released: JsonObject, rows: Row[]) {
  const source = derived.from === 'episode.id' ? context.request.episode.id : context.request.episode.funding;
  if (derived.pseudonymise === undefined) return writeField(released, derived.path, source);
  writeField(
    released,
    derived.path,
    await context.pseudonymise('PHIN', derived.pseudonymise, normaliseLocalId(source)),
  );
  rows.push({ path: derived.path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED', present: false });
}
