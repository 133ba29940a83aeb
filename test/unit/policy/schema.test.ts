/** shared/schemas/disclosure.ts: gate 1 (shape) of policy-uk.md §2. */
import { describe, expect, it } from 'vitest';
import { disclosureRequestSchema } from '../../../shared/schemas/disclosure.ts';
import { request } from './fixtures.ts';

const API_EXAMPLE = {
  requestId: 'c0a8012e-7d1f-4f5e-9f1a-3b2c1d0e9f8a',
  patientId: 'MRN-000123',
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  jurisdiction: 'UK-ENG',
  episode: {
    id: 'EP-2026-0042',
    type: 'APC_DAYCASE',
    funding: 'INSURED',
    payerId: 'ins-acme-health',
    referralSourceOds: null,
  },
  instrument: null,
  patientContext: { capacity: 'HAS' },
  override: null,
  payload: { patient: {}, episode: {}, clinical: {}, financial: {}, narrative: {} },
};

describe('disclosureRequestSchema', () => {
  it('accepts the api.md §4.1 example and the full fixture', () => {
    // Prepare / Act
    const results = [disclosureRequestSchema.safeParse(API_EXAMPLE), disclosureRequestSchema.safeParse(request())];

    // Assess
    expect(results.map((result) => result.success)).toEqual([true, true]);
  });

  it('keeps unknown payload fields for the policy to drop, but rejects unknown envelope fields', () => {
    // Prepare
    const loose = { ...API_EXAMPLE, payload: { patient: { shoeSize: 9 }, extra: {} } };
    const strict = { ...API_EXAMPLE, debug: true };

    // Act
    const parsed = disclosureRequestSchema.parse(loose);

    // Assess
    expect(parsed.payload).toEqual({ patient: { shoeSize: 9 }, extra: {} });
    expect(disclosureRequestSchema.safeParse(strict).success).toBe(false);
  });

  it.each([
    ['purpose', { purpose: 'MARKETING' }],
    ['jurisdiction', { jurisdiction: 'FR' }],
    ['episode funding', { episode: { ...API_EXAMPLE.episode, funding: 'CASH' } }],
    ['requestId length', { requestId: 'x'.repeat(129) }],
    ['instrument without a prefix', { instrument: { ref: 'no-colon' } }],
    [
      'override approver',
      { override: { code: 'SAFEGUARDING', approverRole: 'JANITOR', approvedBy: 'a', justification: 'b' } },
    ],
    ['date of birth format', { payload: { patient: { dateOfBirth: '23/08/1964' } } }],
    ['sex enum', { payload: { patient: { sex: 'male' } } }],
    ['unknown key inside a diagnosis', { payload: { clinical: { diagnoses: [{ code: 'M16.1', severity: 3 }] } } }],
  ])('rejects a bad %s', (_label, change) => {
    // Prepare / Act
    const result = disclosureRequestSchema.safeParse({ ...API_EXAMPLE, ...change });

    // Assess
    expect(result.success).toBe(false);
  });
});
