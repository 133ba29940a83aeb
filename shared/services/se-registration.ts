/**
 * Swedish additions to patient registration and consents (policy-se.md §2, §9): a personnummer or
 * samordningsnummer is validated like the payload's and kept under the one system `SE_PNR` in its
 * 12-digit form; the Swedish consent scopes carry their own rules, each refused with its code.
 */
import { ValidationFailedError, type FieldError } from '../errors.ts';
import { validateHsaId, type IdResult } from '../identifiers/index.ts';
import { validateSwedishField } from '../policy/gates/identity-se.ts';
import { SE_DEFAULT_SWITCHES } from '../policy/se-switches.ts';
import type { NationalIdSystem, Recipient } from '../records/model.ts';
import type { RegistryStore } from '../registry/model.ts';

export const SE_REGISTRATION_SYSTEMS = ['SE_PERSONNUMMER', 'SE_SAMORDNINGSNUMMER'] as const;
export type RegistrationSystem = NationalIdSystem | (typeof SE_REGISTRATION_SYSTEMS)[number];

/** The system a registered identifier is kept (and compared) under. */
export function storedSystem(system: RegistrationSystem): NationalIdSystem {
  return system === 'SE_PERSONNUMMER' || system === 'SE_SAMORDNINGSNUMMER' ? 'SE_PNR' : system;
}

/** A Swedish identifier's validation on `today`; undefined for the other systems. */
export function validateSwedishRegistration(
  system: RegistrationSystem,
  value: string,
  today: string,
): IdResult | undefined {
  if (system !== 'SE_PERSONNUMMER' && system !== 'SE_SAMORDNINGSNUMMER') return undefined;
  return validateSwedishField(system, value, Date.parse(`${today}T12:00:00Z`));
}

const DAY_MS = 86_400_000;

interface ConsentBody {
  readonly scope: string;
  readonly recipientId?: string | undefined;
  readonly careUnitId?: string | undefined;
  readonly at: string;
  readonly expiresAt?: string | undefined;
}

/**
 * SE_SJF names its recipient; SE_SAMTYCKE_HAVNING names a valid care unit and expires within
 * `se.inreSparr.maxLiftDays`; no other scope names a care unit.
 */
export function checkSwedishConsent(
  body: ConsentBody,
  maxLiftDays = SE_DEFAULT_SWITCHES['se.inreSparr.maxLiftDays'],
): void {
  const errors: FieldError[] = [];
  const lift = body.scope === 'SE_SAMTYCKE_HAVNING';
  if (body.scope === 'SE_SJF' && body.recipientId === undefined)
    errors.push({ path: 'recipientId', code: 'SE_SJF_RECIPIENT_REQUIRED', message: 'SE_SJF names its recipient' });
  if (!lift && body.careUnitId !== undefined)
    errors.push({
      path: 'careUnitId',
      code: 'SE_CARE_UNIT_NOT_ALLOWED',
      message: 'only SE_SAMTYCKE_HAVNING names a unit',
    });
  if (lift && (body.careUnitId === undefined || !validateHsaId(body.careUnitId).ok))
    errors.push({ path: 'careUnitId', code: 'ID_SE_HSA_FORMAT', message: 'must be the HSA-id of the blocked unit' });
  if (lift && body.expiresAt === undefined)
    errors.push({ path: 'expiresAt', code: 'SE_LIFT_TOO_LONG', message: 'a lift consent must expire' });
  if (lift && body.expiresAt !== undefined && Date.parse(body.expiresAt) > Date.parse(body.at) + maxLiftDays * DAY_MS)
    errors.push({ path: 'expiresAt', code: 'SE_LIFT_TOO_LONG', message: `must be within ${maxLiftDays} days of at` });
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/**
 * policy-se.md §2: the employers a patient works for are SE_ARBETSGIVARE recipients of the caller's
 * own org. Anything else (a typo, another org's id, another category) is refused rather than kept,
 * since an employer on record is what lets the employer flow release absence data.
 */
export async function checkEmployers(
  registry: Pick<RegistryStore, 'getRecipient'>,
  org: string,
  employerRecipientIds: readonly string[] | undefined,
): Promise<void> {
  const recipients = await Promise.all((employerRecipientIds ?? []).map((id) => registry.getRecipient(org, id)));
  const errors: FieldError[] = recipients.flatMap((recipient, i) =>
    recipient?.category === 'SE_ARBETSGIVARE'
      ? []
      : [
          {
            path: `employerRecipientIds.${i}`,
            code: 'RECIPIENT_UNKNOWN',
            message: 'is not a registered SE_ARBETSGIVARE recipient',
          },
        ],
  );
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/** policy-se.md §1: SJF is between caregivers, so an SE_SJF consent names one. */
const CONSENT_RECIPIENTS: Readonly<Partial<Record<string, { categories: readonly string[]; code: string }>>> = {
  SE_SJF: { categories: ['SE_VARDGIVARE'], code: 'SE_SJF_RECIPIENT_NOT_VARDGIVARE' },
};

/** A consent naming a recipient its scope can never serve is refused when recorded, not ignored later. */
export function checkConsentRecipient(scope: string, recipient: Pick<Recipient, 'category'>): void {
  const rule = CONSENT_RECIPIENTS[scope];
  if (rule === undefined || rule.categories.includes(recipient.category)) return;
  const message = `must be a recipient of category ${rule.categories.join(' or ')}`;
  throw new ValidationFailedError([{ path: 'recipientId', code: rule.code, message }]);
}
