/**
 * Property (fast-check): whatever the payload, consents and identifierMode, a released PHIN record
 * never holds a name, address, phone, email or free text, and holds an NHS, CHI or H&C number in
 * clear only when the identifier mode allows it (CLEAR_MANDATED, or a valid PHIN_IDENTIFIERS consent
 * under CLEAR_WITH_CONSENT). Pseudonyms come from the real local KMS.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyService } from '../../../shared/adapters/kms/kms-key-service.ts';
import { decide } from '../../../shared/policy/engine.ts';
import type { LoadedPolicy } from '../../../shared/policy/pack.ts';
import { Pseudonymiser } from '../../../shared/pseudonym/pseudonymiser.ts';
import { createImportedHmacKey, createKey, startKmsFixture, type KmsFixture } from '../kms/helpers.ts';
import { consent, fullPayload, input, localPolicy, records, request } from '../policy/fixtures.ts';

let fixture: KmsFixture;
let pseudonymiser: Pseudonymiser;
const MODES = ['CLEAR_WITH_CONSENT', 'CLEAR_MANDATED', 'OMIT'] as const;
const policies = new Map<string, LoadedPolicy>(
  MODES.map((mode) => [mode, localPolicy({ 'phin.identifierMode': mode })]),
);

beforeAll(async () => {
  fixture = await startKmsFixture();
  const hmac = (await createImportedHmacKey(fixture.client)).Arn!;
  const signing = (await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).Arn!;
  pseudonymiser = new Pseudonymiser(
    new KmsKeyService({
      client: fixture.client,
      macKeys: { PHIN: { keyId: hmac, version: 1 }, AUDIT: { keyId: hmac, version: 1 } },
      signingKeys: { CHECKPOINT: signing, AUTHORISATION: signing },
    }),
  );
});
afterAll(async () => fixture.stop());

/** Marker text: long enough that finding it in the output cannot be a coincidence. */
const marker = (tag: string) => fc.stringMatching(/^[a-z]{8,16}$/u).map((s) => `${tag}${s}`);
const nationals = fc.record({
  nhsNumber: fc.constantFrom(undefined, '9990000018', '9434765918', '98765'),
  chiNumber: fc.constantFrom(undefined, '0101011237', '3213201234'),
  hcNumber: fc.constantFrom(undefined, '3200000015', '4000000004'),
});
const sensitive = fc.record({
  given: marker('gv'),
  family: marker('fm'),
  address: marker('ad'),
  phone: marker('ph'),
  email: marker('em'),
  notes: marker('nt'),
  letter: marker('lt'),
  description: marker('ds'),
  plan: marker('fp'),
  necessity: marker('cn'),
  medication: marker('md'),
});

function payloadWith(ids: Record<string, string | undefined>, s: Record<string, string>) {
  const base = fullPayload();
  const patient: Record<string, unknown> = {
    ...base.patient,
    name: { given: s['given'], family: s['family'] },
    address: [s['address']],
    phone: s['phone'],
    email: s['email'],
  };
  for (const key of ['nhsNumber', 'chiNumber', 'hcNumber']) {
    if (ids[key] === undefined) delete patient[key];
    else patient[key] = ids[key];
  }
  return {
    ...base,
    patient,
    clinical: {
      ...base.clinical,
      diagnoses: [{ code: 'M16.1', description: s['description'] }],
      followUpPlan: s['plan'],
      clinicalNecessity: s['necessity'],
      medicationsOnDischarge: [s['medication']],
    },
    narrative: { notes: s['notes'], letter: s['letter'] },
  } as ReturnType<typeof fullPayload>;
}

describe('PHIN release property', () => {
  it('no PII or free text, and national numbers only when the identifier mode allows them', async () => {
    await fc.assert(
      fc.asyncProperty(
        nationals,
        sensitive,
        fc.constantFrom(...MODES),
        fc.constantFrom('NONE', 'GIVEN', 'DECLINED'),
        async (ids, s, mode, consentState) => {
          // Prepare
          const consents = consentState === 'NONE' ? [] : [consent('PHIN_IDENTIFIERS', { status: consentState })];
          const req = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING', payload: payloadWith(ids, s) });
          const base = input({ request: req, records: records({ consents }), policy: policies.get(mode)! });

          // Act
          const decision = await decide({
            ...base,
            pseudonymise: (domain, idType, value) => pseudonymiser.pseudonymise('demo', { domain, idType, value }),
          });

          // Assess
          const released = JSON.stringify(decision.payload ?? {});
          for (const value of Object.values(s)) expect(released).not.toContain(value);
          expect(released).not.toContain('MRN-1');
          const clearAllowed = mode === 'CLEAR_MANDATED' || (mode === 'CLEAR_WITH_CONSENT' && consentState === 'GIVEN');
          for (const value of Object.values(ids))
            if (value !== undefined && !clearAllowed) expect(released).not.toContain(value);
        },
      ),
      { numRuns: 80 },
    );
  });
});
