/**
 * Reservnummer (policy-se.md §2): a caregiver's own temporary number for a patient whose
 * personnummer or samordningsnummer is unknown. Formats differ by region and none is national, so
 * it is never validated as a personal number (no date, no check digit) and never used across
 * organisations; it is compared trimmed and upper-cased. What is checked is only that it can be a
 * number at all, so no free text, inner whitespace or control character is ever kept as one: after
 * trimming, 1–24 of A–Z, a–z, 0–9, `-` and `+`, at least one a letter or digit.
 */
import { invalid, valid, type IdResult } from './result.ts';

export const RESERVNUMMER_MAX_LENGTH = 24;
const RESERVNUMMER = new RegExp(`^(?=.*[A-Za-z0-9])[A-Za-z0-9+-]{1,${RESERVNUMMER_MAX_LENGTH}}$`, 'u');

/** The form it is kept, pseudonymised and compared in: trimmed, upper-cased (ASCII only, once valid). */
export function validateReservnummer(input: string): IdResult {
  const trimmed = input.trim();
  return RESERVNUMMER.test(trimmed) ? valid(trimmed.toUpperCase()) : invalid('ID_SE_RESERVNUMMER_FORMAT');
}
