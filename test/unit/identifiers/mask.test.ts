import { describe, expect, it } from 'vitest';
import { ID_CODES, maskIdentifier } from '../../../shared/identifiers/index.ts';

describe('maskIdentifier', () => {
  it.each([
    ['9990000018', '******0018'],
    ['196408233234', '********3234'],
    ['MRN-1', '*****'],
    ['ABCDEFGHI', '*********'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    // Act
    const masked = maskIdentifier(input);
    // Assess
    expect(masked).toBe(expected);
  });
});

describe('ID_CODES', () => {
  it('lists every code once', () => {
    // Assess
    expect(new Set(ID_CODES).size).toBe(ID_CODES.length);
    expect(ID_CODES).toHaveLength(28);
  });
});
