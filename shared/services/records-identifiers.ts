/**
 * The national identifiers a registration submits (api.md §4.2): validated by the same switches
 * decisions apply, then kept only as AUDIT pseudonyms and masks. A refused value is named by its
 * path and code, never echoed.
 */
import {
  maskIdentifier,
  validateChiNumber,
  validateHcNumber,
  validateNhsNumber,
  validateSwedishPnr,
  validateReservnummer,
  type IdResult,
} from '../identifiers/index.ts';
import { RESERVNUMMER_MAX_LENGTH } from '../identifiers/swedish-reserve.ts';
import { ValidationFailedError } from '../errors.ts';
import type { Switches } from '../policy/switches.ts';
import type { Clock } from '../ports/clock.ts';
import type { Pseudonymiser } from '../pseudonym/index.ts';
import type { NationalIdSystem, RegisteredIdentifier } from '../records/model.ts';
import type { RegisterPatientBody } from '../schemas/records.ts';
import { storedSystem, validateSwedishRegistration } from './se-registration.ts';

/** The policy switches (policy-uk.md §7) that say which national identifiers are valid. */
export type IdentifierSwitches = Pick<Switches, 'nhs.allowTestRange' | 'chi.acceptMod10'>;

export interface IdentifierDeps {
  readonly pseudonymiser: Pseudonymiser;
  readonly clock: Clock;
  readonly identifierSwitches: IdentifierSwitches;
}

/** Every submitted identifier validated (all problems at once), then pseudonymised and masked. */
export async function registeredIdentifiers(
  deps: IdentifierDeps,
  org: string,
  submitted: RegisterPatientBody['identifiers'],
): Promise<RegisteredIdentifier[]> {
  const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const errors: Array<{ path: string; code: string; message: string }> = [];
  const normalised: Array<{ system: NationalIdSystem; value: string }> = [];
  submitted.forEach((identifier, i) => {
    // Swedish numbers (policy-se.md §2) are validated like the payload's and kept as SE_PNR.
    const system = storedSystem(identifier.system);
    const result =
      validateSwedishRegistration(identifier.system, identifier.value, today) ??
      validateIdentifier(system, identifier.value, { switches: deps.identifierSwitches, today });
    if (result.ok) normalised.push({ system, value: result.value });
    // The code says what is wrong; the value is never echoed.
    else
      errors.push({
        path: `identifiers.${i}.value`,
        code: result.code,
        message: identifierProblem(identifier.system),
      });
  });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const keys = await deps.pseudonymiser.pseudonymiseMany(
    org,
    normalised.map((id) => ({ domain: 'AUDIT' as const, idType: id.system, value: id.value })),
  );
  return normalised.map((id, i) => ({ system: id.system, key: keys[i]!, masked: maskIdentifier(id.value) }));
}

/** What a refused identifier must be, never echoing it. */
function identifierProblem(system: string): string {
  return system === 'SE_RESERVNUMMER'
    ? `is not a valid SE_RESERVNUMMER: 1–${RESERVNUMMER_MAX_LENGTH} letters, digits, "-" or "+"`
    : `is not a valid ${system}`;
}

export function validateIdentifier(
  system: NationalIdSystem,
  value: string,
  opts: { switches: IdentifierSwitches; today: string },
): IdResult {
  switch (system) {
    case 'NHS_NUMBER':
      return validateNhsNumber(value, { allowTestRange: opts.switches['nhs.allowTestRange'] });
    case 'HC_NUMBER':
      return validateHcNumber(value, { allowTestRange: opts.switches['nhs.allowTestRange'] });
    case 'CHI_NUMBER':
      return validateChiNumber(value, { acceptMod10: opts.switches['chi.acceptMod10'] });
    case 'SE_PNR':
      return validateSwedishPnr(value, { today: opts.today });
    case 'SE_RESERVNUMMER':
      return validateReservnummer(value);
  }
}
