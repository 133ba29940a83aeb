/**
 * Generalisation for PHIN (pseudonymisation.md): a date of birth becomes a 5-year age band, a
 * postcode its sector or district. NHS pseudo-postcodes carry no location and pass unchanged.
 */
import { parseIsoDate, type CalendarDate } from '../identifiers/calendar.ts';
import { validatePostcode } from '../identifiers/postcode.ts';
import { BirthAfterReferenceDateError, InvalidDateError, InvalidPostcodeError } from './errors.ts';

const BAND_WIDTH = 5;
const TOP_BAND_START = 90;

function parseOrThrow(text: string, what: string): CalendarDate {
  const date = parseIsoDate(text);
  // The message names the field, never the value: a date of birth is personal data.
  if (date === undefined) throw new InvalidDateError(`${what} is not a real YYYY-MM-DD date`);
  return date;
}

/** Completed years: the birthday counts from its own day (29 Feb births age on 1 Mar in common years). */
function completedYears(born: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < born.month || (on.month === born.month && on.day < born.day);
  return on.year - born.year - (beforeBirthday ? 1 : 0);
}

/** Age in completed years on `onDate` as `0-4`, `5-9`, … `85-89`, `90+`. */
export function ageBand(dateOfBirth: string, onDate: string): string {
  const born = parseOrThrow(dateOfBirth, 'date of birth');
  const on = parseOrThrow(onDate, 'reference date');
  const age = completedYears(born, on);
  if (age < 0) throw new BirthAfterReferenceDateError('date of birth is after the reference date');
  if (age >= TOP_BAND_START) return `${TOP_BAND_START}+`;
  const start = age - (age % BAND_WIDTH);
  return `${start}-${start + BAND_WIDTH - 1}`;
}

interface SplitPostcode {
  readonly value: string;
  readonly pseudo: boolean;
  readonly outward: string;
  readonly inward: string;
}

/** Normalises again (idempotent) so an unnormalised input can never leak a full postcode. */
function split(postcode: string): SplitPostcode {
  const result = validatePostcode(postcode);
  if (!result.ok) throw new InvalidPostcodeError('postcode is not a UK postcode');
  const [outward = '', inward = ''] = result.value.split(' ');
  return { value: result.value, pseudo: result.pseudo, outward, inward };
}

/** `SW1A 1AA` → `SW1A 1`; pseudo-postcodes unchanged. */
export function postcodeSector(normalisedPostcode: string): string {
  const postcode = split(normalisedPostcode);
  return postcode.pseudo ? postcode.value : `${postcode.outward} ${postcode.inward.slice(0, 1)}`;
}

/** `SW1A 1AA` → `SW1A`; pseudo-postcodes unchanged. */
export function postcodeDistrict(normalisedPostcode: string): string {
  const postcode = split(normalisedPostcode);
  return postcode.pseudo ? postcode.value : postcode.outward;
}
