/**
 * Gate 3: payload identifiers are valid and belong to this patient. A wrong NHS number links
 * someone else's record, so a mismatch always denies; only flows whose pack entry says STRIP
 * (PHIN) drop an invalid identifier and continue.
 */
import { validateChiNumber, validateHcNumber, validateNhsNumber, type IdResult } from '../../identifiers/index.ts';
import type { NationalIdSystem } from '../../records/model.ts';
import type { PolicyDocument } from '../document.ts';
import { packIndex, valueAt, type IndexedField } from '../pack-index.ts';
import { PayloadDraft, type JsonObject } from '../paths.ts';
import type { Row } from '../field-rules.ts';
import { resolve } from '../select.ts';
import { ukSwitches } from '../switches.ts';
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';
import { isSwedishCheck, validateSwedishField, type SwedishCheck } from './identity-se.ts';

type NationalCheck = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER' | SwedishCheck;

/** The registered system a payload identifier is compared with. */
function systemOf(check: NationalCheck): NationalIdSystem {
  return isSwedishCheck(check) ? 'SE_PNR' : check;
}

function isNationalCheck(check: string | undefined): check is NationalCheck {
  return check === 'NHS_NUMBER' || check === 'CHI_NUMBER' || check === 'HC_NUMBER' || isSwedishCheck(check);
}

function validate(check: NationalCheck, value: string, context: GateContext): IdResult {
  if (isSwedishCheck(check)) return validateSwedishField(check, value, context.now);
  const switches = ukSwitches(context.switches);
  const allowTestRange = switches['nhs.allowTestRange'];
  if (check === 'NHS_NUMBER') return validateNhsNumber(value, { allowTestRange });
  if (check === 'HC_NUMBER') return validateHcNumber(value, { allowTestRange });
  return validateChiNumber(value, { acceptMod10: switches['chi.acceptMod10'] });
}

/** Trimmed and upper-cased, as pseudonymisation.md normalises local ids. */
export function normaliseLocalId(value: string): string {
  return value.trim().toUpperCase();
}

export interface IdentityResult {
  readonly payload: JsonObject;
  readonly rows: readonly Row[];
}

const IDENTIFIER_FIELDS = new WeakMap<PolicyDocument, readonly IndexedField[]>();

/** The catalogue's identifier fields (a local id or a national number), found once per pack. */
function identifierFields(document: PolicyDocument): readonly IndexedField[] {
  let fields = IDENTIFIER_FIELDS.get(document);
  if (fields === undefined) {
    fields = packIndex(document).fields.filter(
      ({ def }) => def.check === 'LOCAL_ID' || def.check === 'SE_RESERVNUMMER' || isNationalCheck(def.check),
    );
    IDENTIFIER_FIELDS.set(document, fields);
  }
  return fields;
}

interface ValidIdentifier {
  readonly path: string;
  readonly system: NationalIdSystem;
  readonly value: string;
}

/**
 * Validates, normalises, strips where the flow allows it, then compares with the registered keys.
 * The request's payload is never written: a group is copied the first time an identifier in it
 * changes. Asynchronous only when there is a registered key to compare with.
 */
export function identityGate(context: GateContext): Stop | IdentityResult | Promise<Stop | IdentityResult> {
  const draft = new PayloadDraft(context.request.payload);
  const rows: Row[] = [];
  const valid: ValidIdentifier[] = [];
  for (const field of identifierFields(context.document)) {
    const value = valueAt(draft.value, field);
    if (typeof value !== 'string') continue;
    const check = field.def.check;
    if (check === 'LOCAL_ID' && normaliseLocalId(value) !== normaliseLocalId(context.request.patientId)) {
      return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: field.def.path });
    }
    // policy-se.md §2: a reservnummer is never validated, only compared trimmed and upper-cased
    // with the one registered in this org; it is released as sent.
    if (check === 'SE_RESERVNUMMER') {
      valid.push({ path: field.def.path, system: 'SE_RESERVNUMMER', value: normaliseLocalId(value) });
      continue;
    }
    if (!isNationalCheck(check)) continue;
    const result = validate(check, value, context);
    if (result.ok) {
      if (result.value !== value) draft.write(field.group, field.name, result.value);
      valid.push({ path: field.def.path, system: systemOf(check), value: result.value });
    } else if (resolve(context.flow.identifierFailure, context.select) === 'STRIP') {
      draft.remove(field.group, field.name);
      rows.push({ path: field.def.path, action: 'DROPPED', reason: 'DQ_IDENTIFIER_STRIPPED' });
      context.trace.info('DQ_IDENTIFIER_STRIPPED', { fields: field.def.path });
      context.trace.info(result.code, { fields: field.def.path });
    } else {
      return stop('DENY', result.code, { fields: field.def.path });
    }
  }
  const compared = valid.length === 0 ? valid : valid.filter(({ system }) => hasRegistered(context, system));
  const passed: IdentityResult = { payload: draft.value, rows };
  return compared.length === 0 ? passed : compareRegistered(context, compared, passed);
}

function hasRegistered(context: GateContext, system: NationalIdSystem): boolean {
  const registered = context.records.identifiers;
  for (let i = 0; i < registered.length; i += 1) if (registered[i]!.system === system) return true;
  return false;
}

/**
 * Each valid identifier of a system the patient has registered keys for must be one of them, taken
 * in order from `from` on. A chain of `then` rather than an async function: most decisions compare
 * one number, and this waits only for its pseudonym (issue 15).
 */
function compareRegistered(
  context: GateContext,
  compared: readonly ValidIdentifier[],
  passed: IdentityResult,
  from = 0,
): Stop | IdentityResult | Promise<Stop | IdentityResult> {
  if (from === compared.length) return passed;
  const { path, system, value } = compared[from]!;
  // An empty number names nobody, so it cannot be the registered one.
  if (value === '') return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: path });
  const key = context.pseudonymise('AUDIT', system, value);
  // A pseudonym the port already holds is compared at once: no promise, no turn waited (issue 15).
  if (typeof key === 'string') return compareKey(context, compared, passed, from, key);
  return key.then((known) => compareKey(context, compared, passed, from, known));
}

function compareKey(
  context: GateContext,
  compared: readonly ValidIdentifier[],
  passed: IdentityResult,
  at: number,
  key: string,
): Stop | IdentityResult | Promise<Stop | IdentityResult> {
  const { path, system } = compared[at]!;
  return isRegistered(context, system, key)
    ? compareRegistered(context, compared, passed, at + 1)
    : stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: path });
}

function isRegistered(context: GateContext, system: NationalIdSystem, key: string): boolean {
  const registered = context.records.identifiers;
  for (let i = 0; i < registered.length; i += 1)
    if (registered[i]!.system === system && registered[i]!.key === key) return true;
  return false;
}
