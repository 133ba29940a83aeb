import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateHcNumber, validateNhsNumber, type IdCode } from '../../../shared/identifiers/index.ts';
import { mod11CheckDigit } from '../../../shared/identifiers/nhs.ts';

const STRICT = { allowTestRange: false };
const TEST_RANGE = { allowTestRange: true };

describe('validateNhsNumber: identifiers.md vectors', () => {
  it.each([
    ['9434765919', STRICT, '9434765919'],
    ['943 476 5919', STRICT, '9434765919'],
    ['943-476-5919', STRICT, '9434765919'],
    ['9990000018', TEST_RANGE, '9990000018'],
    ['9990000026', TEST_RANGE, '9990000026'],
    ['9990000034', TEST_RANGE, '9990000034'],
    ['9990000042', TEST_RANGE, '9990000042'],
  ])('%s (%o) is valid as %s', (input, opts, expected) => {
    // Act
    const result = validateNhsNumber(input, opts);
    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each<[string, { allowTestRange: boolean }, IdCode]>([
    ['9434765918', STRICT, 'ID_NHS_CHECKSUM'],
    ['9990000000', STRICT, 'ID_NHS_CHECK_DIGIT_10'],
    ['9990000000', TEST_RANGE, 'ID_NHS_CHECK_DIGIT_10'],
    ['9990000018', STRICT, 'ID_NHS_TEST_RANGE'],
    ['0000000000', STRICT, 'ID_NHS_REPEATED_DIGITS'],
    ['12345', STRICT, 'ID_NHS_FORMAT'],
    ['943476591X', STRICT, 'ID_NHS_FORMAT'],
    ['94347659190', STRICT, 'ID_NHS_FORMAT'],
    ['', STRICT, 'ID_NHS_FORMAT'],
  ])('%s (%o) fails with %s', (input, opts, code) => {
    // Act
    const result = validateNhsNumber(input, opts);
    // Assess
    expect(result).toEqual({ ok: false, code });
  });
});

describe('validateHcNumber: identifiers.md vectors', () => {
  it.each(['3200000015', '3999999993', '320 000 0015'])('%s is valid', (input) => {
    // Act
    const result = validateHcNumber(input, STRICT);
    // Assess
    expect(result).toEqual({ ok: true, value: input.replace(/\s/gu, '') });
  });

  it.each<[string, { allowTestRange: boolean }, IdCode]>([
    ['4000000004', STRICT, 'ID_HC_RANGE'],
    ['3200000007', STRICT, 'ID_HC_RANGE'], // 320000000 is one below the range
    ['3200000016', STRICT, 'ID_HC_CHECKSUM'],
    ['3333333333', STRICT, 'ID_HC_REPEATED_DIGITS'],
    ['12345', STRICT, 'ID_HC_FORMAT'],
    ['9990000000', STRICT, 'ID_HC_CHECK_DIGIT_10'],
    ['9990000018', STRICT, 'ID_HC_TEST_RANGE'],
  ])('%s (%o) fails with %s', (input, opts, code) => {
    // Act
    const result = validateHcNumber(input, opts);
    // Assess
    expect(result).toEqual({ ok: false, code });
  });

  it('accepts a test-range number when the test range is allowed, despite the H&C range', () => {
    // Act
    const result = validateHcNumber('9990000018', TEST_RANGE);
    // Assess
    expect(result).toEqual({ ok: true, value: '9990000018' });
  });
});

describe('validateNhsNumber: properties', () => {
  // Outside the test range so the strict switch does not interfere.
  const prefix = fc
    .stringMatching(/^[0-8]\d{8}$/u)
    .filter((p) => mod11CheckDigit(p) !== undefined && !/^(\d)\1{8}$/u.test(p));

  it('accepts the number completed with its computed check digit', () => {
    fc.assert(
      fc.property(prefix, (p) => {
        // Prepare
        const nhs = p + String(mod11CheckDigit(p));
        // Act
        const result = validateNhsNumber(nhs, STRICT);
        // Assess
        expect(result).toEqual({ ok: true, value: nhs });
      }),
    );
  });

  it('rejects any single-digit change of a valid number', () => {
    const change = fc.record({ position: fc.integer({ min: 0, max: 9 }), delta: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(prefix, change, (p, { position, delta }) => {
        // Prepare
        const digits = Array.from(p + String(mod11CheckDigit(p)));
        digits[position] = String((Number(digits[position]) + delta) % 10);
        // Act
        const result = validateNhsNumber(digits.join(''), TEST_RANGE);
        // Assess
        expect(result.ok).toBe(false);
      }),
    );
  });
});
