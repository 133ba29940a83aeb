/**
 * Gate 9: the flow's profile keeps, drops, generalises or pseudonymises each field; a field the
 * profile does not list, and any field the pack does not know, is dropped. Removal is by
 * allow-list, never by scrubbing, and every change is a transformation row.
 */
import type { ClearIdentifiers, FieldRule, RuleExpr } from './document.ts';
import { applyRule, type Row } from './field-rules.ts';
import { findConsent } from './gates/consent.ts';
import type { GateContext } from './gates/context.ts';
import { normaliseLocalId } from './gates/identity.ts';
import { isObject, readField, writeField, type JsonObject } from './paths.ts';
import { isSelector, resolve } from './select.ts';

export type { Row } from './field-rules.ts';

interface Clear {
  readonly clear: boolean;
  readonly reason?: string;
}

const DROP: FieldRule = { action: 'D' };

/** PHIN-style clear identifiers: always, never, or only with the named consent (switch-selected). */
function clearIdentifiers(context: GateContext): Clear {
  const selected = context.flow.clearIdentifiers;
  if (selected === undefined) return { clear: true };
  const mode: ClearIdentifiers = resolve(selected, context.select);
  if (mode.mode === 'ALWAYS') return { clear: true };
  if (mode.mode === 'NEVER') return { clear: false, reason: mode.reason };
  return { clear: findConsent(context, mode.scope).state === 'VALID', reason: mode.reason };
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

export async function minimise(context: GateContext, payload: JsonObject): Promise<Minimised> {
  const profile = context.document.profiles[context.flow.profile];
  const clear = clearIdentifiers(context);
  const released: JsonObject = {};
  const rows: Row[] = [];
  for (const field of context.document.fields) {
    const value = readField(payload, field.path);
    if (value === undefined) continue;
    const expr = profile?.rules[field.path] ?? DROP;
    const { rule, reason } = resolveRule(expr, context, clear);
    const applied = await applyRule(field, value, rule, {
      payload,
      pseudonymise: context.pseudonymise,
      ...(reason ? { reason } : {}),
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
