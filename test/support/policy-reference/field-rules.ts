/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * Applies one resolved profile rule to one field of the disclosure record. Returns what is released
 * (if anything), where, and one transformation row per change. Codes and postcodes are
 * format-checked here because only a released value needs to be well formed.
 */
import {
  validateGmc,
  validateHsaId,
  validateIcd10,
  validateKva,
  validateOpcs4,
  validatePostcode,
  type IdResult,
} from '../../../shared/identifiers/index.ts';
import { ageBand, postcodeDistrict, postcodeSector } from '../../../shared/pseudonym/generalise.ts';
import type { FieldDef, FieldRule } from '../../../shared/policy/document.ts';
import type { Pseudonymise } from '../../../shared/policy/gates/context.ts';
import { normaliseLocalId } from './identity.ts';
import { isObject, readField, type JsonObject } from '../../../shared/policy/paths.ts';

export interface Row {
  readonly path: string;
  readonly action: 'DROPPED' | 'GENERALISED' | 'PSEUDONYMISED';
  readonly reason: string;
  /** Whether the path was in the request payload (drives ALLOW_WITH_REDACTION). */
  readonly present: boolean;
}

export interface Applied {
  readonly released?: { readonly path: string; readonly value: unknown };
  readonly rows: readonly Row[];
}

export interface FieldEnv {
  readonly payload: JsonObject;
  readonly pseudonymise: Pseudonymise;
  /** Why a rule reached through an "otherwise" branch changed the field (e.g. no PHIN consent). */
  readonly reason?: string;
  /** Why a list item is not released whatever the rule (dated outside the consent relied on), if it is not. */
  readonly dropItem?: (item: unknown) => string | undefined;
}

const CODE_CHECKS: Readonly<Record<string, (value: string) => IdResult>> = {
  ICD10: validateIcd10,
  OPCS4: validateOpcs4,
  GMC: validateGmc,
  POSTCODE: validatePostcode,
  KVA: validateKva,
  HSA: validateHsaId,
};

const dropped = (path: string, reason: string): Row => ({ path, action: 'DROPPED', reason, present: true });

function dropReason(field: { readonly freeText: boolean } | undefined): string {
  return field?.freeText === true ? 'REDACT_FREE_TEXT' : 'REDACT_MINIMISATION';
}

export async function applyRule(field: FieldDef, value: unknown, rule: FieldRule, env: FieldEnv): Promise<Applied> {
  switch (rule.action) {
    case 'D':
      return { rows: [dropped(field.path, env.reason ?? dropReason(field))] };
    case 'K':
      return keep(field, value, rule.itemFields, env.dropItem);
    case 'P': {
      if (typeof value !== 'string') return { rows: [dropped(field.path, 'REDACT_MINIMISATION')] };
      const pseudonym = await env.pseudonymise('PHIN', rule.idType, normaliseLocalId(value));
      return {
        released: { path: field.path, value: pseudonym },
        rows: [{ path: field.path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED', present: true }],
      };
    }
    case 'G':
      return generalise(field, value, rule, env);
  }
}

function keep(
  field: FieldDef,
  value: unknown,
  itemFields: readonly string[] | undefined,
  dropItem: FieldEnv['dropItem'],
): Applied {
  if (Array.isArray(value) && (field.items !== undefined || field.itemDates !== undefined))
    return keepList(field, value, itemFields, dropItem);
  const check = field.check === undefined ? undefined : CODE_CHECKS[field.check];
  if (check === undefined || typeof value !== 'string') return { released: { path: field.path, value }, rows: [] };
  const result = check(value);
  return result.ok
    ? { released: { path: field.path, value: result.value }, rows: [] }
    : { rows: [dropped(field.path, result.code)] };
}

/** A list item whose code is malformed is dropped whole: a description without its code is free text. */
function keepList(
  field: FieldDef,
  list: readonly unknown[],
  itemFields: readonly string[] | undefined,
  dropItem: FieldEnv['dropItem'],
): Applied {
  const items = field.items ?? {};
  const rows: Row[] = [];
  const kept: unknown[] = [];
  list.forEach((item, index) => {
    const path = `${field.path}[${index}]`;
    const outside = dropItem?.(item);
    if (outside !== undefined) return void rows.push(dropped(path, outside));
    if (!isObject(item)) return void kept.push(item);
    const copy: JsonObject = { ...item };
    for (const [name, def] of Object.entries(items)) {
      const check = def.check === undefined ? undefined : CODE_CHECKS[def.check];
      const current = copy[name];
      if (check === undefined || typeof current !== 'string') continue;
      const result = check(current);
      if (!result.ok) return void rows.push(dropped(path, result.code));
      copy[name] = result.value;
    }
    for (const name of Object.keys(copy)) {
      if (itemFields !== undefined && !itemFields.includes(name)) {
        rows.push(dropped(`${path}.${name}`, dropReason(items[name])));
        delete copy[name];
      }
    }
    kept.push(copy);
  });
  return { released: { path: field.path, value: kept }, rows };
}

function generalise(
  field: FieldDef,
  value: unknown,
  rule: Extract<FieldRule, { action: 'G' }>,
  env: FieldEnv,
): Applied {
  const output = rule.as ?? field.path;
  const generalised = (released: string): Applied => ({
    released: { path: output, value: released },
    rows: [{ path: field.path, action: 'GENERALISED', reason: env.reason ?? 'GENERALISED', present: true }],
  });
  if (typeof value !== 'string') return { rows: [dropped(field.path, env.reason ?? 'REDACT_MINIMISATION')] };
  if (rule.generaliser === 'AGE_BAND') {
    const onDate = readField(env.payload, 'episode.admissionDate') ?? readField(env.payload, 'episode.dischargeDate');
    // Without a reference date (or with a birth after it) no band can be computed: drop, never guess.
    if (typeof onDate !== 'string') return { rows: [dropped(field.path, env.reason ?? 'REDACT_MINIMISATION')] };
    try {
      return generalised(ageBand(value, onDate));
    } catch {
      return { rows: [dropped(field.path, env.reason ?? 'REDACT_MINIMISATION')] };
    }
  }
  const postcode = validatePostcode(value);
  if (!postcode.ok) return { rows: [dropped(field.path, postcode.code)] };
  // NHS pseudo-postcodes carry no location: released as they are, not generalised.
  if (postcode.pseudo) return { released: { path: output, value: postcode.value }, rows: [] };
  return generalised(
    rule.generaliser === 'POSTCODE_SECTOR' ? postcodeSector(postcode.value) : postcodeDistrict(postcode.value),
  );
}
