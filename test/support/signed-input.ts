/**
 * TESTS AND BENCH ONLY. A `POST /v1/disclosures` as the verifier receives it, signed by client
 * `c1` of org `demo` for the local audience: what the verifier's own tests and the bench's
 * verification loop check, one place instead of a copy in each.
 */
import type { SignedRequestInput } from '../../shared/auth/verify.ts';
import { authorizationHeader, buildSignature, type SignatureOptions } from '../../shared/client/index.ts';

export const SIGNED_INPUT_AUDIENCE = 'gatekeeper-local';

/** Signed with `sign` (the key, the time, any claim or header to change); `overrides` change what is sent. */
export function signedInput(
  sign: Partial<SignatureOptions> & Pick<SignatureOptions, 'privateJwk' | 'nowMs'>,
  overrides: Partial<SignedRequestInput> = {},
): SignedRequestInput {
  const body = overrides.body ?? sign.body ?? new TextEncoder().encode('{"requestId":"r-1"}');
  const token = buildSignature({
    clientId: 'c1',
    org: 'demo',
    audience: SIGNED_INPUT_AUDIENCE,
    method: 'POST',
    path: '/v1/disclosures',
    body,
    ...sign,
  });
  return {
    method: 'POST',
    path: '/v1/disclosures',
    hasQuery: false,
    authorization: authorizationHeader(token),
    contentType: 'application/json',
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    ...overrides,
  };
}
