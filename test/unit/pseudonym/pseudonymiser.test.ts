import { describe, expect, it } from 'vitest';
import { Pseudonymiser, type PseudonymRequest } from '../../../shared/pseudonym/index.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';

const VECTORS: ReadonlyArray<[string, PseudonymRequest, string]> = [
  ['demo', { domain: 'PHIN', idType: 'LOCAL_ID', value: 'MRN-1' }, 'v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU'],
  [
    'demo',
    { domain: 'PHIN', idType: 'EPISODE', value: 'EP-2026-0042' },
    'v1.4gtUcL5aYuWCMdTXmJD-7d1-dfyHqPaMgDoy8kMIHKc',
  ],
  [
    'demo',
    { domain: 'PHIN', idType: 'NHS_NUMBER', value: '9990000018' },
    'v1.YpU5fCvVQeMDKer5VS13pZ6onS7P954oI-gpzglYp3c',
  ],
  [
    'demo',
    { domain: 'AUDIT', idType: 'NHS_NUMBER', value: '9990000018' },
    'v1._6XA6Pf4hJUSZtdHUI5En95R620zXOxBvQ1kPFTAFFg',
  ],
  ['other', { domain: 'PHIN', idType: 'LOCAL_ID', value: 'MRN-1' }, 'v1.QX8RedMSnDWMDz3MfpXypba-Ilc-gPmmOaA2L3DRk_4'],
];

describe('Pseudonymiser: pseudonymisation.md vectors (key 32 × 0x0b)', () => {
  it.each(VECTORS)('org %s %o → %s', async (org, request, expected) => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const pseudonym = await pseudonymiser.pseudonymise(org, request);
    // Assess
    expect(pseudonym).toBe(expected);
    expect(keys.calls).toEqual([
      { domain: request.domain, message: `gk1|${org}|${request.domain}|${request.idType}|${request.value}` },
    ]);
  });

  it('gives one pseudonym for spaced and plain forms of a number, with one MAC call', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const spaced = await pseudonymiser.pseudonymise('demo', {
      domain: 'AUDIT',
      idType: 'NHS_NUMBER',
      value: '943 476 5919',
    });
    const plain = await pseudonymiser.pseudonymise('demo', {
      domain: 'AUDIT',
      idType: 'NHS_NUMBER',
      value: '9434765919',
    });
    // Assess
    expect(spaced).toBe(plain);
    expect(spaced).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/u);
    expect(pseudonymiser.macCalls).toBe(1);
    expect(keys.calls).toHaveLength(1);
  });

  it('gives the vector for a local id sent in lower case with spaces', async () => {
    // Prepare
    const pseudonymiser = new Pseudonymiser(new HmacTestKeyService());
    // Act
    const pseudonym = await pseudonymiser.pseudonymise('demo', {
      domain: 'PHIN',
      idType: 'LOCAL_ID',
      value: ' mrn-1 ',
    });
    // Assess
    expect(pseudonym).toBe('v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
  });

  it('prefixes v2 once the key service answers with key version 2', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    keys.rotate(new Uint8Array(32).fill(0x0c));
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const pseudonym = await pseudonymiser.pseudonymise('demo', { domain: 'PHIN', idType: 'LOCAL_ID', value: 'MRN-1' });
    // Assess
    expect(pseudonym).toMatch(/^v2\.[A-Za-z0-9_-]{43}$/u);
    expect(pseudonym.slice(3)).not.toBe('P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
  });
});
