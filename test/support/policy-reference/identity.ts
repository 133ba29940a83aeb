/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * Gate 3: payload identifiers are valid and belong to this patient. A wrong NHS number links
 * someone else's record, so a mismatch always denies; only flows whose pack entry says STRIP
 * (PHIN) drop an invalid identifier and continue.
 */
import {
  validateChiNumber,
  validateHcNumber,
  validateNhsNumber,
  type IdResult,
} from '../../../shared/identifiers/index.ts';
import type { NationalIdSystem } from '../../../shared/records/model.ts';
import { deleteField, readField, writeField, type JsonObject } from '../../../shared/policy/paths.ts';
import type { Row } from './field-rules.ts';
import { resolve } from '../../../shared/policy/select.ts';
import { ukSwitches } from '../../../shared/policy/switches.ts';
import { stop, type Stop } from '../../../shared/policy/trace.ts';
import type { GateContext } from '../../../shared/policy/gates/context.ts';
import { isSwedishCheck, validateSwedishField, type SwedishCheck } from '../../../shared/policy/gates/identity-se.ts';

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

/** Validates, normalises in place, strips where the flow allows it, then compares with the registered keys. */
export async function identityGate(context: GateContext, payload: JsonObject): Promise<Stop | IdentityResult> {
  const rows: Row[] = [];
  const valid: { path: string; system: NationalIdSystem; value: string }[] = [];
  for (const field of context.document.fields) {
    const value = readField(payload, field.path);
    if (typeof value !== 'string') continue;
    if (field.check === 'LOCAL_ID' && normaliseLocalId(value) !== normaliseLocalId(context.request.patientId)) {
      return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: field.path });
    }
    if (field.check === 'SE_RESERVNUMMER') {
      valid.push({ path: field.path, system: 'SE_RESERVNUMMER', value: normaliseLocalId(value) });
      continue;
    }
    if (!isNationalCheck(field.check)) continue;
    const result = validate(field.check, value, context);
    if (result.ok) {
      writeField(payload, field.path, result.value);
      valid.push({ path: field.path, system: systemOf(field.check), value: result.value });
    } else if (resolve(context.flow.identifierFailure, context.select) === 'STRIP') {
      deleteField(payload, field.path);
      rows.push({ path: field.path, action: 'DROPPED', reason: 'DQ_IDENTIFIER_STRIPPED', present: true });
      context.trace.info('DQ_IDENTIFIER_STRIPPED', { fields: field.path });
      context.trace.info(result.code, { fields: field.path });
    } else {
      return stop('DENY', result.code, { fields: field.path });
    }
  }
  for (const { path, system, value } of valid) {
    const registered = context.records.identifiers.filter((identifier) => identifier.system === system);
    if (registered.length === 0) continue;
    if (value === '') return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: path });
    const key = await context.pseudonymise('AUDIT', system, value);
    if (!registered.some((identifier) => identifier.key === key))
      return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: path });
  }
  return { payload, rows };
}
