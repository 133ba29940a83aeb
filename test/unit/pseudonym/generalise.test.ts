import { describe, expect, it } from 'vitest';
import {
  BirthAfterReferenceDateError,
  InvalidDateError,
  InvalidPostcodeError,
  ageBand,
  postcodeDistrict,
  postcodeSector,
} from '../../../shared/pseudonym/index.ts';

describe('ageBand', () => {
  it.each([
    ['1964-08-23', '2026-03-01', '60-64'], // spec example: age 61
    ['1961-03-01', '2026-03-01', '65-69'], // 65th birthday on the day: completed
    ['1961-03-02', '2026-03-01', '60-64'], // 65th birthday tomorrow
    ['2026-03-01', '2026-03-01', '0-4'], // born on the day
    ['2021-03-02', '2026-03-01', '0-4'], // 4 until tomorrow
    ['2021-03-01', '2026-03-01', '5-9'],
    ['1936-03-02', '2026-03-01', '85-89'], // 89
    ['1936-03-01', '2026-03-01', '90+'], // 90
    ['1900-01-01', '2026-03-01', '90+'],
    ['2000-02-29', '2025-02-28', '20-24'], // 24: a 29 Feb birth turns 25 on 1 Mar in a common year
    ['2000-02-29', '2025-03-01', '25-29'],
    ['2000-02-29', '2024-02-29', '20-24'], // 24 on the day itself in a leap year
    ['2005-02-28', '2025-02-28', '20-24'],
  ])('born %s, on %s → %s', (dateOfBirth, onDate, expected) => {
    // Act
    const band = ageBand(dateOfBirth, onDate);
    // Assess
    expect(band).toBe(expected);
  });

  it('moves band on the birthday itself, not the day before', () => {
    // Act
    const dayBefore = ageBand('2001-02-28', '2026-02-27');
    const onDay = ageBand('2001-02-28', '2026-02-28');
    // Assess
    expect([dayBefore, onDay]).toEqual(['20-24', '25-29']);
  });

  it.each([
    ['1964-02-30', '2026-03-01'],
    ['1964-8-23', '2026-03-01'],
    ['1964-08-23T00:00:00Z', '2026-03-01'],
    ['1964-08-23', '01/03/2026'],
    ['', '2026-03-01'],
  ])('throws InvalidDateError for %j on %j', (dateOfBirth, onDate) => {
    // Act
    const act = (): unknown => ageBand(dateOfBirth, onDate);
    // Assess
    expect(act).toThrow(InvalidDateError);
  });

  it('throws when the date of birth is after the reference date', () => {
    // Act
    const act = (): unknown => ageBand('2026-03-02', '2026-03-01');
    // Assess
    expect(act).toThrow(BirthAfterReferenceDateError);
  });
});

describe('postcodeSector and postcodeDistrict', () => {
  it.each([
    ['SW1A 1AA', 'SW1A 1', 'SW1A'],
    ['sw1a1aa', 'SW1A 1', 'SW1A'],
    ['M1 1AE', 'M1 1', 'M1'],
    ['DN55 1PT', 'DN55 1', 'DN55'],
    ['GIR 0AA', 'GIR 0', 'GIR'],
  ])('%s → sector %s, district %s', (postcode, sector, district) => {
    // Act
    const actual = [postcodeSector(postcode), postcodeDistrict(postcode)];
    // Assess
    expect(actual).toEqual([sector, district]);
  });

  it.each(['ZZ99 3VZ', 'ZZ99 3CZ'])('pseudo-postcode %s passes unchanged', (postcode) => {
    // Act
    const actual = [postcodeSector(postcode), postcodeDistrict(postcode)];
    // Assess
    expect(actual).toEqual([postcode, postcode]);
  });

  it.each(['Q1 1AA', 'SW1A', ''])('throws InvalidPostcodeError for %j', (postcode) => {
    // Act
    const sector = (): unknown => postcodeSector(postcode);
    const district = (): unknown => postcodeDistrict(postcode);
    // Assess
    expect(sector).toThrow(InvalidPostcodeError);
    expect(district).toThrow(InvalidPostcodeError);
  });
});
