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
import { isObject, jsonCopy, readField, setMember, type JsonObject } from './paths.ts';

export interface Row {
  readonly path: string;
  readonly action: 'DROPPED' | 'GENERALISED' | 'PSEUDONYMISED';
  readonly reason: string;
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

const dropped = (path: string, reason: string): Row => ({ path, action: 'DROPPED', reason });

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

/** An item member whose code is format-checked, and its check. */
interface CheckedMember {
  readonly name: string;
  readonly check: (value: string) => IdResult;
}

const CHECKED_MEMBERS = new WeakMap<FieldDef, readonly CheckedMember[]>();

/** The item members of a list field that carry a code check, found once per (frozen) field of a pack. */
function checkedMembers(field: FieldDef): readonly CheckedMember[] {
  const known = CHECKED_MEMBERS.get(field);
  if (known !== undefined) return known;
  const members: CheckedMember[] = [];
  for (const [name, def] of Object.entries(field.items ?? {})) {
    const check = def.check === undefined ? undefined : CODE_CHECKS[def.check];
    if (check !== undefined) members.push({ name, check });
  }
  CHECKED_MEMBERS.set(field, members);
  return members;
}

/**
 * A list item whose code is malformed is dropped whole: a description without its code is free
 * text. An item's path is only spelled out for a row, since most items are kept whole.
 */
function keepList(
  field: FieldDef,
  list: readonly unknown[],
  itemFields: readonly string[] | undefined,
  consent: Consent | undefined,
  rows: Row[],
): unknown[] {
  const members = checkedMembers(field);
  const kept: unknown[] = [];
  // forEach, not a for loop: a hole in the list is skipped, as before.
  list.forEach((item, index) => {
    const outside = itemOutsideConsent(consent, field, item);
    if (outside !== undefined) rows.push(dropped(`${field.path}[${index}]`, outside));
    else if (!isObject(item)) kept.push(jsonCopy(item));
    else keepItem(field, { item, index, members, itemFields }, kept, rows);
  });
  return kept;
}

interface ListItem {
  readonly item: JsonObject;
  readonly index: number;
  readonly members: readonly CheckedMember[];
  readonly itemFields: readonly string[] | undefined;
}

/**
 * The kept item is built from the members it may release rather than copied whole and then cut:
 * deleting members left every such copy a dictionary-mode object, slow to build and to read
 * (issue 15: P17/P18's diagnoses and procedures). A malformed code still drops the item before
 * any member is reported, and a member is still reported in the item's own order.
 */
function keepItem(field: FieldDef, { item, index, members, itemFields }: ListItem, kept: unknown[], rows: Row[]) {
  const copy: JsonObject = {};
  let unlisted: string[] | undefined;
  // for-in over own members (Object.keys' order) reads the shape's cached key list instead of copying it.
  for (const name in item) {
    if (!Object.hasOwn(item, name)) continue;
    if (itemFields !== undefined && !itemFields.includes(name)) (unlisted ??= []).push(name);
    else setMember(copy, name, jsonCopy(item[name]));
  }
  for (let i = 0; i < members.length; i += 1) {
    const { name, check } = members[i]!;
    const current = Object.hasOwn(item, name) ? item[name] : undefined;
    if (typeof current !== 'string') continue;
    const result = check(current);
    if (!result.ok) return void rows.push(dropped(`${field.path}[${index}]`, result.code));
    if (Object.hasOwn(copy, name)) copy[name] = result.value;
  }
  if (unlisted !== undefined)
    for (const name of unlisted) rows.push(dropped(`${field.path}[${index}].${name}`, dropReason(field.items?.[name])));
  kept.push(copy);
}

interface Generalising {
  readonly env: FieldEnv;
  readonly reason: string | undefined;
  readonly rows: Row[];
}

/** A generalised value's row (plain functions, not closures made per field: issue 15). */
function generalised(path: string, released: string, { reason, rows }: Generalising): string {
  rows.push({ path, action: 'GENERALISED', reason: reason ?? 'GENERALISED' });
  return released;
}

function withheld(path: string, code: string, rows: Row[]): typeof WITHHELD {
  rows.push(dropped(path, code));
  return WITHHELD;
}

function generalise(
  field: FieldDef,
  value: unknown,
  rule: Extract<FieldRule, { action: 'G' }>,
  how: Generalising,
): unknown {
  const { env, reason, rows } = how;
  if (typeof value !== 'string') return withheld(field.path, reason ?? 'REDACT_MINIMISATION', rows);
  if (rule.generaliser === 'AGE_BAND') {
    const onDate = readField(env.payload, 'episode.admissionDate') ?? readField(env.payload, 'episode.dischargeDate');
    // Without a reference date (or with a birth after it) no band can be computed: drop, never guess.
    if (typeof onDate !== 'string') return withheld(field.path, reason ?? 'REDACT_MINIMISATION', rows);
    try {
      return generalised(field.path, ageBand(value, onDate), how);
    } catch {
      return withheld(field.path, reason ?? 'REDACT_MINIMISATION', rows);
    }
  }
  const postcode = validatePostcode(value);
  if (!postcode.ok) return withheld(field.path, postcode.code, rows);
  // NHS pseudo-postcodes carry no location: released as they are, not generalised.
  if (postcode.pseudo) return postcode.value;
  const area =
    rule.generaliser === 'POSTCODE_SECTOR' ? postcodeSector(postcode.value) : postcodeDistrict(postcode.value);
  return generalised(field.path, area, how);
}
