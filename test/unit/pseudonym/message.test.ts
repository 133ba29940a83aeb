import { describe, expect, it } from 'vitest';
import {
  InvalidMacError,
  InvalidPseudonymInputError,
  formatPseudonym,
  normaliseForPseudonym,
  pseudonymMessage,
  type IdType,
} from '../../../shared/pseudonym/index.ts';

describe('normaliseForPseudonym', () => {
  it.each<[IdType, string, string]>([
    ['NHS_NUMBER', '943 476 5919', '9434765919'],
    ['NHS_NUMBER', '943-476-5919', '9434765919'],
    ['CHI_NUMBER', '010120 1206', '0101201206'],
    ['HC_NUMBER', '3200000015', '3200000015'],
    ['SE_PNR', '196408233234', '196408233234'],
    ['LOCAL_ID', '  mrn-1 ', 'MRN-1'],
    ['EPISODE', 'ep-2026-0042', 'EP-2026-0042'],
  ])('%s %j → %s', (idType, value, expected) => {
    // Act
    const normalised = normaliseForPseudonym(idType, value);
    // Assess
    expect(normalised).toBe(expected);
  });

  it.each<[IdType, string]>([
    ['NHS_NUMBER', '12345'],
    ['NHS_NUMBER', '943476591X'],
    ['SE_PNR', '640823-3234'], // the century is unknown until validateSwedishPnr has run
    ['SE_PNR', '121212+1212'],
    ['LOCAL_ID', '   '],
    ['EPISODE', ''],
    ['PASSPORT' as IdType, 'X1'],
  ])('refuses %s %j', (idType, value) => {
    // Act
    const act = (): unknown => normaliseForPseudonym(idType, value);
    // Assess
    expect(act).toThrow(InvalidPseudonymInputError);
  });
});

describe('pseudonymMessage', () => {
  it('builds the spec example', () => {
    // Act
    const message = pseudonymMessage('demo', 'PHIN', 'EPISODE', 'EP-2026-0042');
    // Assess
    expect(message).toBe('gk1|demo|PHIN|EPISODE|EP-2026-0042');
  });

  it.each([
    ['', 'empty org'],
    ['de|mo', '"|" in the org'],
  ])('refuses %j (%s) so two inputs never share a message', (org) => {
    // Act
    const act = (): unknown => pseudonymMessage(org, 'PHIN', 'LOCAL_ID', 'MRN-1');
    // Assess
    expect(act).toThrow(InvalidPseudonymInputError);
  });

  it('refuses an unknown domain', () => {
    // Act
    const act = (): unknown => pseudonymMessage('demo', 'OTHER' as 'PHIN', 'LOCAL_ID', 'MRN-1');
    // Assess
    expect(act).toThrow(InvalidPseudonymInputError);
  });
});

describe('formatPseudonym', () => {
  it('is v<version>. + unpadded base64url of all 32 bytes (46 characters for v1)', () => {
    // Prepare
    const mac = new Uint8Array(32).fill(0xff);
    // Act
    const pseudonym = formatPseudonym(1, mac);
    // Assess
    expect(pseudonym).toBe(`v1.${'_'.repeat(42)}8`);
    expect(pseudonym).toHaveLength(46);
  });

  it('uses the given key version', () => {
    // Act
    const pseudonym = formatPseudonym(12, new Uint8Array(32));
    // Assess
    expect(pseudonym).toBe(`v12.${'A'.repeat(42)}A`);
  });

  it('reads only the view of a larger buffer', () => {
    // Prepare
    const backing = new Uint8Array(40).fill(0xff);
    backing.fill(0, 4, 36);
    // Act
    const pseudonym = formatPseudonym(1, backing.subarray(4, 36));
    // Assess
    expect(pseudonym).toBe(`v1.${'A'.repeat(43)}`);
  });

  it.each<[number, number]>([
    [1, 31],
    [1, 33],
    [0, 32],
    [1.5, 32],
    [-1, 32],
  ])('refuses version %d with a %d-byte MAC', (version, bytes) => {
    // Act
    const act = (): unknown => formatPseudonym(version, new Uint8Array(bytes));
    // Assess
    expect(act).toThrow(InvalidMacError);
  });
});
