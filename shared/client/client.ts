import { authorizationHeader, buildSignature, type ClientPrivateJwk } from './sign.ts';

export interface GatekeeperClientOptions {
  /** e.g. `http://127.0.0.1:3000` (no trailing path). */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly org: string;
  readonly privateJwk: ClientPrivateJwk;
  /** The deployment's audience (local: `gatekeeper-local`). */
  readonly audience: string;
  readonly fetch?: typeof globalThis.fetch;
  /** Clock in ms; tests pin it. */
  readonly now?: () => number;
}

export interface GatekeeperResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON (a problem+json document on errors), or undefined for an empty body. */
  readonly body: T;
}

/** Signs and sends requests to the gatekeeper; one fresh token per request (jti is single use). */
export class GatekeeperClient {
  readonly #options: GatekeeperClientOptions;

  constructor(options: GatekeeperClientOptions) {
    this.#options = options;
  }

  /** @param extraHeaders unsigned headers such as `Accept-Language` (policy-se.md §6); they change no decision. */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<GatekeeperResponse<T>> {
    const options = this.#options;
    // The digest covers exactly these bytes, and exactly these bytes are sent.
    const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
    const token = buildSignature({
      privateJwk: options.privateJwk,
      clientId: options.clientId,
      org: options.org,
      audience: options.audience,
      method,
      path,
      body: bytes,
      nowMs: (options.now ?? Date.now)(),
    });
    const headers: Record<string, string> = {
      ...extraHeaders,
      authorization: authorizationHeader(token),
      accept: 'application/json',
    };
    if (bytes !== undefined) headers['content-type'] = 'application/json';
    const response = await (options.fetch ?? globalThis.fetch)(new URL(path, options.baseUrl), {
      method: method.toUpperCase(),
      headers,
      body: bytes,
    });
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: (await readJson(response)) as T,
    };
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A non-JSON answer (a proxy's HTML error page) is returned as text rather than thrown away.
    return text;
  }
}
