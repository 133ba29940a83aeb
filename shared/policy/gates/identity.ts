/**
 * Gate 3: payload identifiers are valid and belong to this patient. A wrong NHS number links
 * someone else's record, so a mismatch always denies; only flows whose pack entry says STRIP
 * (PHIN) drop an invalid identifier and continue.
 */
import { validateChiNumber, validateHcNumber, validateNhsNumber, type IdResult } from '../../identifiers/index.ts';
import type { NationalIdSystem } from '../../records/model.ts';
import { deleteField, readField, writeField, type JsonObject } from '../paths.ts';
import type { Row } from '../field-rules.ts';
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';

type NationalCheck = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER';

function validate(check: NationalCheck, value: string, context: GateContext): IdResult {
  const allowTestRange = context.switches['nhs.allowTestRange'];
  if (check === 'NHS_NUMBER') return validateNhsNumber(value, { allowTestRange });
  if (check === 'HC_NUMBER') return validateHcNumber(value, { allowTestRange });
  return validateChiNumber(value, { acceptMod10: context.switches['chi.acceptMod10'] });
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
  const valid: { path: string; system: NationalCheck; value: string }[] = [];
  for (const field of context.document.fields) {
    const value = readField(payload, field.path);
    if (typeof value !== 'string') continue;
    if (field.check === 'LOCAL_ID' && normaliseLocalId(value) !== normaliseLocalId(context.request.patientId)) {
      return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: field.path });
    }
    if (field.check !== 'NHS_NUMBER' && field.check !== 'CHI_NUMBER' && field.check !== 'HC_NUMBER') continue;
    const result = validate(field.check, value, context);
    if (result.ok) {
      writeField(payload, field.path, result.value);
      valid.push({ path: field.path, system: field.check, value: result.value });
    } else if (context.flow.identifierFailure === 'STRIP') {
      deleteField(payload, field.path);
      rows.push({ path: field.path, action: 'DROPPED', reason: 'DQ_IDENTIFIER_STRIPPED', present: true });
      context.trace.info('DQ_IDENTIFIER_STRIPPED', { fields: field.path });
      context.trace.info(result.code, { fields: field.path });
    } else {
      return stop('DENY', result.code, { fields: field.path });
    }
  }
  for (const { path, system, value } of valid) {
    const registered = context.records.identifiers.filter(
      (identifier) => identifier.system === (system satisfies NationalIdSystem),
    );
    if (registered.length === 0) continue;
    const key = await context.pseudonymise('AUDIT', system, value);
    if (!registered.some((identifier) => identifier.key === key))
      return stop('DENY', 'DENY_IDENTITY_MISMATCH', { fields: path });
  }
  return { payload, rows };
}
