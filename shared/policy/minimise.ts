/**
 * Gate 9: the flow's profile keeps, drops, generalises or pseudonymises each field; a field the
 * profile does not list, and any field the pack does not know, is dropped. Removal is by
 * allow-list, never by scrubbing, and every change is a transformation row.
 */
import type { Consent } from '../records/model.ts';
import type { ProfileDef } from './document.ts';
import { applyRule, WITHHELD, type FieldEnv, type Row } from './field-rules.ts';
import type { GateContext } from './gates/context.ts';
import { instrumentFields, profileName } from './gates/flow.ts';
import { valueAt, type IndexedField } from './pack-index.ts';
import { writeAt, writeField, type JsonObject } from './paths.ts';
import { addUnknown } from './minimise-unknown.ts';
import { derivedSource, pseudonymised, type PendingPseudonym } from './minimise-pseudonyms.ts';
import { resolvedFields, type Clear } from './profile-rules.ts';

export type { Row } from './field-rules.ts';
export type { Clear } from './profile-rules.ts';

const OUT_OF_INSTRUMENT_SCOPE = 'REDACT_OUT_OF_INSTRUMENT_SCOPE';

/** §9.1.1: an order's field list names groups (`narrative`) or fields (`clinical.diagnoses`). */
function listedBy(fields: readonly string[] | undefined, field: IndexedField): boolean {
  return fields === undefined || fields.includes(field.def.path) || fields.includes(field.group);
}

export interface Minimised {
  readonly payload: JsonObject;
  readonly rows: readonly Row[];
  /**
   * How many of the last rows name a path the request did not have (a derived pseudonym): every
   * other row changed something the request sent, which makes the answer ALLOW_WITH_REDACTION.
   * A count rather than a flag per row, so the rows are the answer's transformations as they are.
   */
  readonly unrequested: number;
}

/**
 * @param clear whether clear identifiers may go (identifier-basis.ts).
 * @param consent the consent relied on: items dated outside its period are not released.
 * @returns the release itself when no pseudonym must be waited for; a Promise only when one must.
 */
export function minimise(
  context: GateContext,
  payload: JsonObject,
  clear: Clear,
  consent?: Consent,
): Minimised | Promise<Minimised> {
  const profile = context.document.profiles[profileName(context)];
  const released: JsonObject = {};
  const rows: Row[] = [];
  const pending = applyProfile(context, profile, { payload, consent }, clear, { released, rows });
  const derived = profile?.derived ?? [];
  if (pending.length > 0 || derived.some((d) => d.pseudonymise !== undefined))
    return pseudonymised(context, payload, derived, pending, { released, rows });
  addUnknown(payload, context, rows);
  for (const { path, from } of derived) writeField(released, path, derivedSource(context, from));
  return { payload: released, rows, unrequested: 0 };
}

/**
 * Every catalogue field present, in the pack's order: its rows, and its released value at its
 * place. Synchronous: a pseudonym is only reserved here (its slot keeps the key order) and computed
 * by the caller, so a release that pseudonymises nothing never waits.
 */
function applyProfile(
  context: GateContext,
  profile: ProfileDef | undefined,
  env: FieldEnv,
  clear: Clear,
  into: { readonly released: JsonObject; readonly rows: Row[] },
): PendingPseudonym[] {
  const ordered = instrumentFields(context);
  const pending: PendingPseudonym[] = [];
  const fields = resolvedFields(context.document, profile, context.select, clear);
  for (let i = 0; i < fields.length; i += 1) {
    const { field, rule, reason, target, failure } = fields[i]!;
    const value = valueAt(env.payload, field);
    if (value === undefined) continue;
    if (!listedBy(ordered, field)) {
      into.rows.push({ path: field.def.path, action: 'DROPPED', reason: OUT_OF_INSTRUMENT_SCOPE });
      continue;
    }
    if (failure !== undefined) throw failure;
    if (rule.action === 'P') {
      if (typeof value !== 'string') {
        into.rows.push({ path: field.def.path, action: 'DROPPED', reason: 'REDACT_MINIMISATION' });
        continue;
      }
      const token = {};
      writeAt(into.released, target, token);
      pending.push({ target, token, idType: rule.idType, value });
      into.rows.push({ path: field.def.path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED' });
      continue;
    }
    const kept = applyRule(field.def, value, rule, env, reason ? reason : undefined, into.rows);
    if (kept !== WITHHELD) writeAt(into.released, target, kept);
  }
  return pending;
}
