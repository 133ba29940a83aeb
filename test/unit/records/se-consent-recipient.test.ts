/**
 * policy-se.md §1: an SE_SJF consent names the caregiver that may read the shared records, so one
 * naming any other kind of recipient is refused when recorded (422 with its own code); other scopes
 * are not constrained here.
 */
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import { checkConsentRecipient } from '../../../shared/services/se-registration.ts';

function refusal(scope: string, category: string): unknown {
  try {
    checkConsentRecipient(scope, { category: category as never });
    return undefined;
  } catch (error) {
    return error instanceof ValidationFailedError ? error.errors.map((e) => [e.path, e.code]) : error;
  }
}

describe('the recipient an SE_SJF consent names', () => {
  it.each(['SE_KVALITETSREGISTER', 'SE_FORSAKRINGSBOLAG', 'SE_ARBETSGIVARE', 'SE_POLIS', 'GP'])(
    'refuses %s with SE_SJF_RECIPIENT_NOT_VARDGIVARE',
    (category) => {
      // Act / Assess
      expect(refusal('SE_SJF', category)).toEqual([['recipientId', 'SE_SJF_RECIPIENT_NOT_VARDGIVARE']]);
    },
  );

  it('accepts a caregiver, and leaves other scopes to their own rules', () => {
    // Act / Assess
    expect(refusal('SE_SJF', 'SE_VARDGIVARE')).toBeUndefined();
    expect(refusal('SE_FORSAKRING', 'SE_FORSAKRINGSBOLAG')).toBeUndefined();
    expect(refusal('SOLICITOR_AUTHORITY', 'SOLICITOR_PATIENT')).toBeUndefined();
  });
});
