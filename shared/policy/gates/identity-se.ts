/**
 * Swedish national identifiers in a payload (policy-se.md §3 step 3): validated against the
 * decision date, and a personnummer field must carry a day of 01–31, a samordningsnummer field one
 * of 61–91 (else ID_SE_DATE). Both are kept under one registered system, `SE_PNR`, in the 12-digit
 * form; a reservnummer is local and never validated.
 */
import { validateSwedishPnr, type IdResult } from '../../identifiers/index.ts';

export type SwedishCheck = 'SE_PERSONNUMMER' | 'SE_SAMORDNINGSNUMMER';

export function isSwedishCheck(check: string | undefined): check is SwedishCheck {
  return check === 'SE_PERSONNUMMER' || check === 'SE_SAMORDNINGSNUMMER';
}

const COORDINATION_OFFSET = 60;

export function validateSwedishField(check: SwedishCheck, value: string, now: number): IdResult {
  const result = validateSwedishPnr(value, { today: new Date(now).toISOString().slice(0, 10) });
  if (!result.ok) return result;
  const day = Number(result.value.slice(6, 8));
  const coordination = day > COORDINATION_OFFSET;
  return coordination === (check === 'SE_SAMORDNINGSNUMMER') ? result : { ok: false, code: 'ID_SE_DATE' };
}
