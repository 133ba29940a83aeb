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

export interface FieldEnv {
  readonly payload: JsonObject;
  /** The consent relied on: list items dated outside its period are not released, whatever the rule. */
  readonly consent?: Consent | undefined;
}

/** What `applyRule` returns for a field it releases nothing of. */
export const WITHHELD: unique symbol = Symbol('withheld');

type SyncRule = Exclude<FieldRule, { action: 'P' }>;

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

/**
 * Every rule but pseudonymisation (minimise.ts reserves those and waits for them): pure and
 * synchronous. Appends its transformation rows to `rows` and returns the value to release, or
 * WITHHELD; no result object per field, since most fields are simply kept (issue 15).
 * @param reason why a rule reached through an "otherwise" branch changed the field (e.g. no PHIN consent).
 */
export function applyRule(
  field: FieldDef,
  value: unknown,
  rule: SyncRule,
  env: FieldEnv,
  reason: string | undefined,
  rows: Row[],
): unknown {
  switch (rule.action) {
    case 'D':
      rows.push(dropped(field.path, reason ?? dropReason(field)));
      return WITHHELD;
    case 'K':
      return keep(field, value, rule.itemFields, env.consent, rows);
    case 'G':
      return generalise(field, value, rule, { env, reason, rows });
  }
}

function keep(
  field: FieldDef,
  value: unknown,
  itemFields: readonly string[] | undefined,
  consent: Consent | undefined,
  rows: Row[],
): unknown {
  if (Array.isArray(value) && (field.items !== undefined || field.itemDates !== undefined))
    return keepList(field, value, itemFields, consent, rows);
  const check = field.check === undefined ? undefined : CODE_CHECKS[field.check];
  // The released payload shares nothing mutable with the request (it is no longer cloned whole).
  if (check === undefined || typeof value !== 'string') return jsonCopy(value);
  const result = check(value);
  if (result.ok) return result.value;
  rows.push(dropped(field.path, result.code));
  return WITHHELD;
}

/** A list item whose code is malformed is dropped whole: a description without its code is free text. */
function keepList(
  field: FieldDef,
  list: readonly unknown[],
  itemFields: readonly string[] | undefined,
  consent: Consent | undefined,
  rows: Row[],
): unknown[] {
  const items = field.items ?? {};
  const checked = Object.entries(items);
  const kept: unknown[] = [];
  // An item's path is only spelled out for a row: most items are kept whole.
  const pathOf = (index: number): string => `${field.path}[${index}]`;
  list.forEach((item, index) => {
    const outside = itemOutsideConsent(consent, field, item);
    if (outside !== undefined) return void rows.push(dropped(pathOf(index), outside));
    if (!isObject(item)) return void kept.push(jsonCopy(item));
    const copy = jsonCopy(item);
    for (const [name, def] of checked) {
      const check = def.check === undefined ? undefined : CODE_CHECKS[def.check];
      const current = copy[name];
      if (check === undefined || typeof current !== 'string') continue;
      const result = check(current);
      if (!result.ok) return void rows.push(dropped(pathOf(index), result.code));
      copy[name] = result.value;
    }
    if (itemFields === undefined) return void kept.push(copy);
    for (const name of Object.keys(copy)) {
      if (!itemFields.includes(name)) {
        rows.push(dropped(`${pathOf(index)}.${name}`, dropReason(items[name])));
        delete copy[name];
      }
    }
    kept.push(copy);
  });
  return kept;
}

interface Generalising {
  readonly env: FieldEnv;
  readonly reason: string | undefined;
  readonly rows: Row[];
}

function generalise(
  field: FieldDef,
  value: unknown,
  rule: Extract<FieldRule, { action: 'G' }>,
  { env, reason, rows }: Generalising,
): unknown {
  const withheld = (code: string): typeof WITHHELD => {
    rows.push(dropped(field.path, code));
    return WITHHELD;
  };
  const generalised = (released: string): string => {
    rows.push({ path: field.path, action: 'GENERALISED', reason: reason ?? 'GENERALISED', present: true });
    return released;
  };
  if (typeof value !== 'string') return withheld(reason ?? 'REDACT_MINIMISATION');
  if (rule.generaliser === 'AGE_BAND') {
    const onDate = readField(env.payload, 'episode.admissionDate') ?? readField(env.payload, 'episode.dischargeDate');
    // Without a reference date (or with a birth after it) no band can be computed: drop, never guess.
    if (typeof onDate !== 'string') return withheld(reason ?? 'REDACT_MINIMISATION');
    try {
      return generalised(ageBand(value, onDate));
    } catch {
      return withheld(reason ?? 'REDACT_MINIMISATION');
    }
  }
  const postcode = validatePostcode(value);
  if (!postcode.ok) return withheld(postcode.code);
  // NHS pseudo-postcodes carry no location: released as they are, not generalised.
  if (postcode.pseudo) return postcode.value;
  return generalised(
    rule.generaliser === 'POSTCODE_SECTOR' ? postcodeSector(postcode.value) : postcodeDistrict(postcode.value),
  );
}
