/**
 * Resolves the pack's selectors: a value that depends on the request's funding or subPurpose, or on
 * a switch. Keeping the choice in data is what lets a switch change the outcome without code.
 */
import type { Selectable } from './document.ts';
import { PolicyEvaluationError } from './errors.ts';
import type { PackSwitches } from './switches.ts';

export interface SelectContext {
  readonly funding: string;
  readonly subPurpose: string | null | undefined;
  readonly switches: PackSwitches;
}

export interface Selector<T> {
  readonly select: string;
  readonly cases: Readonly<Record<string, T>>;
  readonly otherwise?: T;
}

export function isSelector<T>(value: unknown): value is Selector<T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'select' in value && 'cases' in value;
}

function selectorKey(select: string, context: SelectContext): string {
  if (select === 'funding') return context.funding;
  if (select === 'subPurpose') return context.subPurpose ?? '';
  const name = select.slice('switch:'.length);
  return String((context.switches as Readonly<Record<string, unknown>>)[name]);
}

export function resolve<T>(value: Selectable<T>, context: SelectContext): T {
  if (!isSelector<T>(value)) return value;
  const key = selectorKey(value.select, context);
  const chosen = Object.hasOwn(value.cases, key) ? value.cases[key] : value.otherwise;
  // The loader proves coverage; reaching this means the pack and the code disagree: fail closed.
  if (chosen === undefined)
    throw new PolicyEvaluationError(`Selector on ${value.select} has no case for the runtime value`);
  return resolve(chosen as Selectable<T>, context);
}
