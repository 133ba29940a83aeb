/**
 * Registering a reservnummer (policy-se.md §2, §9) on the in-memory stores: kept as an AUDIT
 * pseudonym and a mask like every identifier, compared trimmed and upper-cased, local to the org
 * that registered it; a malformed one is a 422 naming its code, never its value.
 */
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import { buildStack, caller, DIGEST, logEntries, memoryStores, originOf, seedOrg } from './fixture.ts';

const RESERV = 'RS-2026-0042';

function setUp() {
  const stores = memoryStores();
  for (const org of ['demo-se', 'other-se']) seedOrg(stores, org);
  return { stores, stack: buildStack(stores) };
}

const register = (value: string) => ({ identifiers: [{ system: 'SE_RESERVNUMMER' as const, value }] });

describe('SE_RESERVNUMMER registration', () => {
  it('keeps only a pseudonym and a mask, in the log and in the records', async () => {
    // Prepare
    const { stores, stack } = setUp();

    // Act
    const patient = await stack.service.registerPatient(
      caller('demo-se'),
      'PN-R1',
      register(` ${RESERV.toLowerCase()} `),
      DIGEST,
    );
    const records = await stack.service.getRecords(caller('demo-se'), 'PN-R1');

    // Assess
    expect(patient.identifiers).toEqual([{ system: 'SE_RESERVNUMMER', masked: '********0042' }]);
    expect(records.identifiers).toEqual(patient.identifiers);
    const stored = JSON.stringify(stores.records.storedMeta('demo-se', 'PN-R1'));
    const logged = logEntries(stores, originOf('demo-se', 'PN-R1'))
      .map((entry) => entry.raw)
      .join('\n');
    for (const text of [stored, logged]) expect(text.toUpperCase()).not.toContain('2026-0042');
    expect(logged).toContain('"system":"SE_RESERVNUMMER"');
  });

  it('is the same registration however the number is padded or cased: the retry answers the first receipt', async () => {
    // Prepare
    const { stack } = setUp();
    const first = await stack.service.registerPatient(caller('demo-se'), 'PN-R1', register(RESERV), DIGEST);

    // Act
    const again = await stack.service.registerPatient(
      caller('demo-se'),
      'PN-R1',
      register(`  ${RESERV.toLowerCase()}`),
      DIGEST,
    );

    // Assess
    expect(again.receipt).toEqual(first.receipt);
  });

  it('is local to its org: the same number registered in two orgs is two unrelated keys', async () => {
    // Prepare
    const { stores, stack } = setUp();

    // Act
    for (const org of ['demo-se', 'other-se'])
      await stack.service.registerPatient(caller(org), 'PN-R1', register(RESERV), DIGEST);

    // Assess
    const keys = ['demo-se', 'other-se'].map(
      (org) => (stores.records.storedMeta(org, 'PN-R1')?.['identifiers'] as Array<{ key: string }>)[0]!.key,
    );
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('refuses a malformed number with ID_SE_RESERVNUMMER_FORMAT, never echoing it, and records nothing', async () => {
    // Prepare
    const { stores, stack } = setUp();

    // Act
    const refused = await stack.service
      .registerPatient(caller('demo-se'), 'PN-R2', register('Eva Testsson 42'), DIGEST)
      .catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(ValidationFailedError);
    const { errors } = refused as ValidationFailedError;
    expect(errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'identifiers.0.value', code: 'ID_SE_RESERVNUMMER_FORMAT' },
    ]);
    expect(errors[0]?.message).toContain('1–24 letters, digits');
    expect(JSON.stringify(errors)).not.toContain('Testsson');
    expect(logEntries(stores, originOf('demo-se', 'PN-R2'))).toHaveLength(0);
  });
});
