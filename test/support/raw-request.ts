import { authorizationHeader, buildSignature } from '../../shared/client/sign.ts';
import { demoKey, stack } from './stack.ts';

/**
 * A signed request with a body sent byte for byte as given: for JSON a client library cannot
 * produce (a number literal like `1e400` that JSON.stringify would have turned into null).
 */
export async function sendRawJson(
  clientId: string,
  method: string,
  path: string,
  text: string,
): Promise<{ status: number; body: { code?: string; errors?: Array<{ path: string }> } }> {
  const bytes = new TextEncoder().encode(text);
  const token = buildSignature({
    privateJwk: demoKey(clientId),
    clientId,
    org: 'demo',
    audience: 'gatekeeper-local',
    method,
    path,
    body: bytes,
  });
  const response = await fetch(`${stack().url}${path}`, {
    method,
    headers: { authorization: authorizationHeader(token), 'content-type': 'application/json' },
    body: bytes,
  });
  return {
    status: response.status,
    body: (await response.json()) as { code?: string; errors?: Array<{ path: string }> },
  };
}
