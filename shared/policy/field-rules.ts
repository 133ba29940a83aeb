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
} from '../identifiers/index.ts';
import { ageBand, postcodeDistrict, postcodeSector } from '../pseudonym/generalise.ts';
import type { Consent } from '../records/model.ts';
import type { FieldDef, FieldRule } from './document.ts';
import { itemOutsideConsent } from './gates/consent-terms.ts';
import { isObject, jsonCopy, readField, type JsonObject } from './paths.ts';

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
  /** Why a rule reached through an "otherwise" branch changed the field (e.g. no PHIN consent). */
  readonly reason?: string;
  /** The consent relied on: list items dated outside its period are not released, whatever the rule. */
  readonly consent?: Consent | undefined;
}

type SyncRule = Exclude<FieldRule, { action: 'P' }>;

const CODE_CHECKS: Readonly<Record<string, (value: string) => IdResult>> = {
  ICD10: validateIcd10,
  OPCS4: validateOpcs4,
  GMC: validateGmc,
  POSTCODE: validatePostcode,
  KVA: validateKva,
  HSA: validateHsaId,
};

/** Most kept fields change nothing: they share one empty, frozen list of rows. */
const UNCHANGED: readonly Row[] = Object.freeze([]);

const dropped = (path: string, reason: string): Row => ({ path, action: 'DROPPED', reason, present: true });

function dropReason(field: { readonly freeText: boolean } | undefined): string {
  return field?.freeText === true ? 'REDACT_FREE_TEXT' : 'REDACT_MINIMISATION';
}

/** Every rule but pseudonymisation (minimise.ts reserves those and waits for them): pure and synchronous. */
export function applyRule(field: FieldDef, value: unknown, rule: SyncRule, env: FieldEnv): Applied {
  switch (rule.action) {
    case 'D':
      return { rows: [dropped(field.path, env.reason ?? dropReason(field))] };
    case 'K':
      return keep(field, value, rule.itemFields, env.consent);
    case 'G':
      return generalise(field, value, rule, env);
  }
}

function keep(
  field: FieldDef,
  value: unknown,
  itemFields: readonly string[] | undefined,
  consent: Consent | undefined,
): Applied {
  if (Array.isArray(value) && (field.items !== undefined || field.itemDates !== undefined))
    return keepList(field, value, itemFields, consent);
  const check = field.check === undefined ? undefined : CODE_CHECKS[field.check];
  // The released payload shares nothing mutable with the request (it is no longer cloned whole).
  if (check === undefined || typeof value !== 'string')
    return { released: { path: field.path, value: jsonCopy(value) }, rows: UNCHANGED };
  const result = check(value);
  return result.ok
    ? { released: { path: field.path, value: result.value }, rows: UNCHANGED }
    : { rows: [dropped(field.path, result.code)] };
}

/** A list item whose code is malformed is dropped whole: a description without its code is free text. */
function keepList(
  field: FieldDef,
  list: readonly unknown[],
  itemFields: readonly string[] | undefined,
  consent: Consent | undefined,
): Applied {
  const items = field.items ?? {};
  const rows: Row[] = [];
  const kept: unknown[] = [];
  list.forEach((item, index) => {
    const path = `${field.path}[${index}]`;
    const outside = itemOutsideConsent(consent, field, item);
    if (outside !== undefined) return void rows.push(dropped(path, outside));
    if (!isObject(item)) return void kept.push(jsonCopy(item));
    const copy = jsonCopy(item);
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
  if (postcode.pseudo) return { released: { path: output, value: postcode.value }, rows: UNCHANGED };
  return generalised(
    rule.generaliser === 'POSTCODE_SECTOR' ? postcodeSector(postcode.value) : postcodeDistrict(postcode.value),
  );
}
