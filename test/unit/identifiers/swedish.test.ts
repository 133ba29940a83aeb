import { describe, expect, it } from 'vitest';
import { InvalidReferenceDateError, validateSwedishPnr, type IdCode } from '../../../shared/identifiers/index.ts';

const REF = { today: '2026-01-15' };

describe('validateSwedishPnr: identifiers.md vectors (reference date 2026-01-15)', () => {
  it.each([
    ['640823-3234', '196408233234'],
    ['196408233234', '196408233234'],
    ['19640823-3234', '196408233234'],
    ['701063-2391', '197010632391'], // samordningsnummer: day 03 + 60
    ['197010632391', '197010632391'],
    ['121212-1212', '201212121212'],
    ['121212+1212', '191212121212'],
    [' 640823-3234 ', '196408233234'],
  ])('%s is valid as %s', (input, expected) => {
    // Act
    const result = validateSwedishPnr(input, REF);
    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each<[string, IdCode]>([
    ['640823-3233', 'ID_SE_CHECKSUM'],
    ['261231-0017', 'ID_SE_FUTURE_DATE'],
    ['640823-0002', 'ID_SE_BIRTHNUMBER'],
    ['640832-3234', 'ID_SE_DATE'],
    ['641323-3234', 'ID_SE_DATE'],
    ['640853-3234', 'ID_SE_DATE'], // day 53: neither a birth day nor a coordination day
    ['6408233234', 'ID_SE_FORMAT'],
    ['640823 3234', 'ID_SE_FORMAT'],
    ['64082-33234', 'ID_SE_FORMAT'],
    ['', 'ID_SE_FORMAT'],
  ])('%s fails with %s', (input, code) => {
    // Act
    const result = validateSwedishPnr(input, REF);
    // Assess
    expect(result).toEqual({ ok: false, code });
  });

  it('accepts a birth on the reference date and rejects one the day after', () => {
    // Act
    const today = validateSwedishPnr('260115-0010', REF);
    const tomorrow = validateSwedishPnr('260116-0019', REF);
    // Assess
    expect(today).toEqual({ ok: true, value: '202601150010' });
    expect(tomorrow).toEqual({ ok: false, code: 'ID_SE_FUTURE_DATE' });
  });

  it.each(['2026-02-30', '15/01/2026', ''])('throws on a malformed reference date %s', (today) => {
    // Act
    const act = (): unknown => validateSwedishPnr('640823-3234', { today });
    // Assess
    expect(act).toThrow(InvalidReferenceDateError);
  });
});
