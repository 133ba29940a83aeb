/** Identifier validation (identifiers.md): pure functions, no I/O, never log their inputs. */
export { ID_CODES, type IdCode, type IdResult } from './result.ts';
export { validateNhsNumber, validateHcNumber } from './nhs.ts';
export { validateChiNumber } from './chi.ts';
export { validatePostcode, type PostcodeResult } from './postcode.ts';
export { validateGmc, validateOpcs4, validateIcd10 } from './codes.ts';
export { validateSwedishPnr } from './swedish.ts';
export { validateHsaId, validateKva, validateOrgNr } from './swedish-codes.ts';
export { validateReservnummer } from './swedish-reserve.ts';
export { maskIdentifier } from './mask.ts';
export { InvalidReferenceDateError } from './errors.ts';
