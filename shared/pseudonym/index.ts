/** Pseudonyms (KMS HMAC) and generalisation for minimised releases; see pseudonymisation.md. */
export { ageBand, postcodeDistrict, postcodeSector } from './generalise.ts';
export {
  Pseudonymiser,
  formatPseudonym,
  normaliseForPseudonym,
  pseudonymMessage,
  ID_TYPES,
  type IdType,
  type PseudonymRequest,
  type PseudonymiserOptions,
} from './pseudonymiser.ts';
export * from './errors.ts';
