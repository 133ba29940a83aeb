import { describe, expect, it } from 'vitest';
import { validateChiNumber, type IdCode } from '../../../shared/identifiers/index.ts';

const WITH_MOD10 = { acceptMod10: true };
const MOD11_ONLY = { acceptMod10: false };

describe('validateChiNumber: identifiers.md vectors', () => {
  it.each([
    ['0101011237', MOD11_ONLY],
    ['0101201206', MOD11_ONLY],
    ['0101201200', WITH_MOD10],
    ['2902001231', MOD11_ONLY],
    ['010120 1206', MOD11_ONLY],
  ])('%s (%o) is valid', (input, opts) => {
    // Act
    const result = validateChiNumber(input, opts);
    // Assess
    expect(result).toEqual({ ok: true, value: input.replace(/\s/gu, '') });
  });

  it.each<[string, { acceptMod10: boolean }, IdCode]>([
    ['0101201200', MOD11_ONLY, 'ID_CHI_CHECKSUM'],
    ['0101201201', WITH_MOD10, 'ID_CHI_CHECKSUM'],
    ['3213201234', WITH_MOD10, 'ID_CHI_DATE'],
    ['2902011234', WITH_MOD10, 'ID_CHI_DATE'], // 29 Feb in neither 1901 nor 2001
    ['3104001234', WITH_MOD10, 'ID_CHI_DATE'],
    ['12345', WITH_MOD10, 'ID_CHI_FORMAT'],
    ['01012012O6', WITH_MOD10, 'ID_CHI_FORMAT'],
  ])('%s (%o) fails with %s', (input, opts, code) => {
    // Act
    const result = validateChiNumber(input, opts);
    // Assess
    expect(result).toEqual({ ok: false, code });
  });
});
