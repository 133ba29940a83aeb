/**
 * The pseudonym message and output format (pseudonymisation.md). Kept apart from the cache so the
 * re-identification command and the tests can build exactly the same bytes.
 */
import type { PseudonymDomain } from '../ports/key-service.ts';
import { InvalidMacError, InvalidPseudonymInputError } from './errors.ts';

export type IdType = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER' | 'LOCAL_ID' | 'EPISODE' | 'SE_PNR' | 'SE_RESERVNUMMER';

export const ID_TYPES: readonly IdType[] = Object.freeze([
  'NHS_NUMBER',
  'CHI_NUMBER',
  'HC_NUMBER',
  'LOCAL_ID',
  'EPISODE',
  'SE_PNR',
  // Local and alphanumeric: normalised like a local id (trimmed, upper-case), never as digits.
  'SE_RESERVNUMMER',
] as const);
const DOMAINS: readonly PseudonymDomain[] = ['PHIN', 'AUDIT'];

/** National numbers normalise to digits only, with the length the validators produce. */
const NATIONAL_DIGITS: Readonly<Partial<Record<IdType, number>>> = {
  NHS_NUMBER: 10,
  CHI_NUMBER: 10,
  HC_NUMBER: 10,
  SE_PNR: 12,
};

const MESSAGE_VERSION = 'gk1';
const MAC_BYTES = 32;

/**
 * National numbers: spaces and hyphens stripped, then exactly the validated digit count (a 10-digit
 * Swedish form is refused: its century needs validateSwedishPnr). Local ids and episode ids:
 * trimmed, upper-case. Shape only; validate checksums before pseudonymising.
 */
export function normaliseForPseudonym(idType: IdType, value: string): string {
  if (!ID_TYPES.includes(idType)) throw new InvalidPseudonymInputError('unknown identifier type');
  const digits = NATIONAL_DIGITS[idType];
  if (digits !== undefined) {
    // Most numbers arrive validated, digits only: nothing to strip, so no copy (issue 15).
    if (value.length === digits && isDigits(value)) return value;
    const normalised = value.replace(/[\s-]/gu, '');
    if (normalised.length !== digits || !/^\d+$/u.test(normalised)) {
      throw new InvalidPseudonymInputError(`${idType} must be ${digits} digits`);
    }
    return normalised;
  }
  const normalised = value.trim().toUpperCase();
  if (normalised === '') throw new InvalidPseudonymInputError(`${idType} is empty`);
  return normalised;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/**
 * `gk1|<org>|<domain>|<idType>|<normalised value>`. Domain and idType are closed sets and the value
 * is last, so refusing `|` in the org is enough to make the message unambiguous.
 */
export function pseudonymMessage(
  org: string,
  domain: PseudonymDomain,
  idType: IdType,
  normalisedValue: string,
): string {
  if (org === '' || org.includes('|')) throw new InvalidPseudonymInputError('org must be non-empty and free of "|"');
  if (!DOMAINS.includes(domain)) throw new InvalidPseudonymInputError('unknown pseudonym domain');
  if (!ID_TYPES.includes(idType)) throw new InvalidPseudonymInputError('unknown identifier type');
  if (normalisedValue === '') throw new InvalidPseudonymInputError('value is empty');
  return `${MESSAGE_VERSION}|${org}|${domain}|${idType}|${normalisedValue}`;
}

/** `v<keyVersion>.` + base64url (no padding) of the full MAC; a truncated MAC is never released. */
export function formatPseudonym(keyVersion: number, mac: Uint8Array): string {
  if (!Number.isSafeInteger(keyVersion) || keyVersion < 1)
    throw new InvalidMacError('key version must be a positive integer');
  if (mac.length !== MAC_BYTES) throw new InvalidMacError(`MAC must be ${MAC_BYTES} bytes`);
  return `v${keyVersion}.${Buffer.from(mac.buffer, mac.byteOffset, mac.byteLength).toString('base64url')}`;
}
