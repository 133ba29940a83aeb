/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * Gate 9: the flow's profile keeps, drops, generalises or pseudonymises each field; a field the
 * profile does not list, and any field the pack does not know, is dropped. Removal is by
 * allow-list, never by scrubbing, and every change is a transformation row.
 */
import type { Consent } from '../../../shared/records/model.ts';
import type { FieldDef, FieldRule, RuleExpr } from '../../../shared/policy/document.ts';
import { applyRule, type Row } from './field-rules.ts';
import { itemOutsideConsent } from '../../../shared/policy/gates/consent-terms.ts';
import type { GateContext } from '../../../shared/policy/gates/context.ts';
import { instrumentFields, profileName } from '../../../shared/policy/gates/flow.ts';
import type { IdentifierBasis } from '../../../shared/policy/gates/identifier-basis.ts';
import { normaliseLocalId } from './identity.ts';
import { isObject, readField, writeField, type JsonObject } from '../../../shared/policy/paths.ts';
import { isSelector, resolve } from '../../../shared/policy/select.ts';

export type { Row } from './field-rules.ts';

export type Clear = Pick<IdentifierBasis, 'clear' | 'reason'>;

const DROP: FieldRule = { action: 'D' };
const OUT_OF_INSTRUMENT_SCOPE = 'REDACT_OUT_OF_INSTRUMENT_SCOPE';

/** §9.1.1: an order's field list names groups (`narrative`) or fields (`clinical.diagnoses`). */
function listedBy(fields: readonly string[] | undefined, field: FieldDef): boolean {
  return fields === undefined || fields.includes(field.path) || fields.includes(field.path.split('.')[0]!);
}

function resolveRule(expr: RuleExpr, context: GateContext, clear: Clear): { rule: FieldRule; reason?: string } {
  if (isSelector<RuleExpr>(expr)) return resolveRule(resolve(expr, context.select), context, clear);
  if ('ifClearIdentifiers' in expr) {
    if (clear.clear) return resolveRule(expr.ifClearIdentifiers, context, clear);
    const inner = resolveRule(expr.otherwise, context, clear);
    return clear.reason === undefined ? inner : { rule: inner.rule, reason: clear.reason };
  }
  return { rule: expr };
}

/** Groups and fields present in the payload that the catalogue does not know, in a stable order. */
function unknownPaths(payload: JsonObject, known: ReadonlySet<string>): string[] {
  const groups = new Set([...known].map((path) => path.split('.')[0]));
  return Object.keys(payload)
    .sort()
    .flatMap((group) => {
      const value = payload[group];
      if (!groups.has(group) || !isObject(value)) return [group];
      return Object.keys(value)
        .sort()
        .map((field) => `${group}.${field}`)
        .filter((path) => !known.has(path));
    });
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
  for (const field of context.document.fields) {
    const value = readField(payload, field.path);
    if (value === undefined) continue;
    if (!listedBy(ordered, field)) {
      rows.push({ path: field.path, action: 'DROPPED', reason: OUT_OF_INSTRUMENT_SCOPE, present: true });
      continue;
    }
    const expr = profile?.rules[field.path] ?? DROP;
    const { rule, reason } = resolveRule(expr, context, clear);
    const applied = await applyRule(field, value, rule, {
      payload,
      pseudonymise: context.pseudonymise,
      ...(reason ? { reason } : {}),
      dropItem: (item) => itemOutsideConsent(consent, field, item),
    });
    if (applied.released) writeField(released, applied.released.path, applied.released.value);
    rows.push(...applied.rows);
  }
  const known = new Set(context.document.fields.map((field) => field.path));
  for (const path of unknownPaths(payload, known))
    rows.push({ path, action: 'DROPPED', reason: 'REDACT_MINIMISATION', present: true });
  for (const derived of profile?.derived ?? []) {
    const source = derived.from === 'episode.id' ? context.request.episode.id : context.request.episode.funding;
    if (derived.pseudonymise === undefined) {
      writeField(released, derived.path, source);
      continue;
    }
    writeField(
      released,
      derived.path,
      await context.pseudonymise('PHIN', derived.pseudonymise, normaliseLocalId(source)),
    );
    rows.push({ path: derived.path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED', present: false });
  }
  return { payload: released, rows };
}
