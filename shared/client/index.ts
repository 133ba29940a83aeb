// The TypeScript client: signs requests exactly as api.md §1 requires.
export { GatekeeperClient, type GatekeeperClientOptions, type GatekeeperResponse } from './client.ts';
export {
  buildSignature,
  authorizationHeader,
  newJti,
  DEFAULT_LIFETIME_S,
  type SignatureOptions,
  type ClientPrivateJwk,
} from './sign.ts';
export {
  generateClientKey,
  publicJwkOf,
  type ClientKeyAlgorithm,
  type ClientKeyPair,
  type ClientPublicJwk,
} from './keys.ts';
