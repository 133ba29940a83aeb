import { describe, expect, it } from 'vitest';
import { validateGmc, validateIcd10, validateOpcs4, type IdResult } from '../../../shared/identifiers/index.ts';

type Validator = (input: string) => IdResult;

const CASES: ReadonlyArray<[string, Validator, readonly string[], readonly string[], string]> = [
  ['OPCS-4', validateOpcs4, ['W37.1', 'W371'], ['W37', 'W3711', '37.1', 'W37.12'], 'ID_OPCS_FORMAT'],
  [
    'ICD-10',
    validateIcd10,
    ['M161', 'J45X', 'I10X', 'M161-A', 'M16.1', 'M16', 'M16.12', 'M1610', 'M1610D'],
    ['M1', '16M', 'M16.123', 'M16.', 'M161-B', 'M16X.1', 'M161D'],
    'ID_ICD10_FORMAT',
  ],
  ['GMC', validateGmc, ['1234567', 'C1234567'], ['123456', '12345678', 'D1234567', 'C123456'], 'ID_GMC_FORMAT'],
];

describe.each(CASES)('%s: identifiers.md vectors', (_name, validate, good, bad, code) => {
  it.each(good)('%s is valid and kept in the form sent', (input) => {
    // Act
    const result = validate(input);
    // Assess
    expect(result).toEqual({ ok: true, value: input });
  });

  it.each(bad)(`%s is ${code}`, (input) => {
    // Act
    const result = validate(input);
    // Assess
    expect(result).toEqual({ ok: false, code });
  });
});

describe('code normalisation', () => {
  it.each<[Validator, string, string]>([
    [validateOpcs4, ' w37.1 ', 'W37.1'],
    [validateIcd10, 'm16.1', 'M16.1'],
    [validateGmc, 'c1234567', 'C1234567'],
    [validateGmc, '123 4567', '1234567'],
  ])('%o: %s → %s', (validate, input, expected) => {
    // Act
    const result = validate(input);
    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });
});
