/**
 * Every API call the console makes: a signed request (api.md §1) built here, in the browser, with
 * the person's non-extractable key. No cookies, no session: the server holds nothing to steal.
 */
import type { Identity } from './store.ts';

export const REQUEST_TOKEN_TYPE = 'gk-req+jwt';
const LIFETIME_S = 120;

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, code: string | undefined, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);
export const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** RFC 9530 `sha-256=:…:` of the exact body bytes. */
async function contentDigest(body: Uint8Array): Promise<string> {
  return `sha-256=:${base64(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(body))))}:`;
}

function newJti(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function signRequest(
  identity: Identity,
  audience: string,
  method: string,
  path: string,
  body: Uint8Array,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: REQUEST_TOKEN_TYPE, kid: identity.kid };
  const claims = {
    iss: identity.clientId,
    sub: identity.clientId,
    org: identity.org,
    aud: audience,
    iat,
    exp: iat + LIFETIME_S,
    jti: newJti(),
    htm: method.toUpperCase(),
    htu: path,
    cdg: await contentDigest(body),
  };
  const input = `${base64url(utf8(JSON.stringify(header)))}.${base64url(utf8(JSON.stringify(claims)))}`;
  // WebCrypto's ECDSA signature is r ‖ s (IEEE P1363), exactly JWS ES256's form.
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, identity.privateKey, utf8(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

export class Api {
  readonly identity: Identity;
  readonly #audience: string;

  constructor(identity: Identity, audience: string) {
    this.identity = identity;
    this.#audience = audience;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const bytes = body === undefined ? new Uint8Array() : utf8(JSON.stringify(body));
    const token = await signRequest(this.identity, this.#audience, method, path, bytes);
    const response = await fetch(path, {
      method,
      headers: {
        Authorization: `Signature ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: bytes }),
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** The answer's body when 200, else an ApiError naming the problem code. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T & { code?: string; detail?: string }>(method, path, body);
    if (answer.status !== 200) {
      const problem = answer.body as { code?: string; detail?: string } | undefined;
      throw new ApiError(answer.status, problem?.code, problem?.detail ?? `The gatekeeper answered ${answer.status}`);
    }
    return answer.body;
  }
}
