/**
 * A profile's rule for every catalogue field, resolved once per selection instead of per field per
 * call (issue 15). What a rule resolves to depends only on the request's funding, which case of a
 * subPurpose selector its subPurpose picks (any other value picks `otherwise`), the pack's switches
 * (fixed per loaded pack) and the identifier basis; so the lists are few and each is built once.
 */
import type { FieldRule, PolicyDocument, ProfileDef, RuleExpr } from './document.ts';
import type { IdentifierBasis } from './gates/identifier-basis.ts';
import { packIndex, type IndexedField } from './pack-index.ts';
import { splitPath } from './paths.ts';
import { isSelector, resolve, type SelectContext } from './select.ts';

export type Clear = Pick<IdentifierBasis, 'clear' | 'reason'>;

/** Every one built by `resolvedField` with all its members, so reading them in the release loop meets one shape. */
export interface ResolvedField {
  readonly field: IndexedField;
  readonly rule: FieldRule;
  /** Why a rule reached through an "otherwise" branch changed the field. */
  readonly reason: string | undefined;
  /** Where a released value goes: the field itself, or the path a generalisation names. */
  readonly target: readonly [group: string, name: string];
  /** A selection the pack does not cover: thrown when the field is actually met, as before. */
  readonly failure: Error | undefined;
}

function resolvedField(
  field: IndexedField,
  rule: FieldRule,
  target: readonly [string, string],
  reason?: string,
  failure?: Error,
): ResolvedField {
  return { field, rule, reason, target, failure };
}

const DROP: FieldRule = { action: 'D' };

interface ProfilePlan {
  /** The values a subPurpose selector in this profile names: any other value selects alike. */
  readonly subPurposes: ReadonlySet<string>;
  readonly lists: Map<string, readonly ResolvedField[]>;
}

const PLANS = new WeakMap<ProfileDef, ProfilePlan>();

function subPurposeCases(expr: RuleExpr, into: Set<string>): void {
  if (isSelector<RuleExpr>(expr)) {
    if (expr.select === 'subPurpose') for (const key of Object.keys(expr.cases)) into.add(key);
    for (const inner of [...Object.values(expr.cases), ...(expr.otherwise ? [expr.otherwise] : [])])
      subPurposeCases(inner, into);
  } else if ('ifClearIdentifiers' in expr) {
    subPurposeCases(expr.ifClearIdentifiers, into);
    subPurposeCases(expr.otherwise, into);
  }
}

function planOf(profile: ProfileDef): ProfilePlan {
  let plan = PLANS.get(profile);
  if (plan === undefined) {
    const subPurposes = new Set<string>();
    for (const expr of Object.values(profile.rules)) subPurposeCases(expr, subPurposes);
    plan = { subPurposes, lists: new Map() };
    PLANS.set(profile, plan);
  }
  return plan;
}

function resolveRule(expr: RuleExpr, select: SelectContext, clear: Clear): { rule: FieldRule; reason?: string } {
  if (isSelector<RuleExpr>(expr)) return resolveRule(resolve(expr, select), select, clear);
  if ('ifClearIdentifiers' in expr) {
    if (clear.clear) return resolveRule(expr.ifClearIdentifiers, select, clear);
    const inner = resolveRule(expr.otherwise, select, clear);
    return clear.reason === undefined ? inner : { rule: inner.rule, reason: clear.reason };
  }
  return { rule: expr };
}

function resolveField(field: IndexedField, profile: ProfileDef, select: SelectContext, clear: Clear): ResolvedField {
  const own: readonly [string, string] = [field.group, field.name];
  try {
    const { rule, reason } = resolveRule(profile.rules[field.def.path] ?? DROP, select, clear);
    const as = rule.action === 'G' ? rule.as : undefined;
    return resolvedField(field, rule, as === undefined ? own : splitPath(as), reason);
  } catch (failure) {
    if (!(failure instanceof Error)) throw failure;
    return resolvedField(field, DROP, own, undefined, failure);
  }
}

/** Every catalogue field in the pack's order with the rule this profile gives it under this selection. */
export function resolvedFields(
  document: PolicyDocument,
  profile: ProfileDef | undefined,
  select: SelectContext,
  clear: Clear,
): readonly ResolvedField[] {
  const fields = packIndex(document).fields;
  // The loader proves every flow names a profile; without one every field is dropped, uncached.
  if (profile === undefined) return fields.map((field) => resolvedField(field, DROP, [field.group, field.name]));
  const plan = planOf(profile);
  const subPurpose = select.subPurpose ?? '';
  const key = `${select.funding}\u0000${plan.subPurposes.has(subPurpose) ? `=${subPurpose}` : '*'}\u0000${
    clear.clear ? 'clear' : 'withheld'
  }\u0000${clear.reason ?? ''}`;
  let list = plan.lists.get(key);
  if (list === undefined) {
    list = fields.map((field) => resolveField(field, profile, select, clear));
    plan.lists.set(key, list);
  }
  return list;
}
