import fc from 'fast-check';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../infra/routes.ts';
import { PROBLEMS } from '../../../functions/lib/problems.ts';
import { jsonBody } from '../../../functions/lib/middleware/json-body.ts';
import { verifySignedRequest } from '../../../shared/auth/verify.ts';
import { GatekeeperError } from '../../../shared/errors.ts';
import type { ApiEvent, ApiRequest } from '../../../functions/lib/types.ts';
import { signedRequest } from '../../support/hostile-requests.ts';
import { z } from 'zod';
import { makeHarness } from './harness.ts';

type Harness = Awaited<ReturnType<typeof makeHarness>>;
let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});

const b64url = fc.string({ unit: fc.constantFrom(...'ABCxyz019-_'.split('')), maxLength: 40, size: 'max' });
const jsonSegment = fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));
const scheme = fc.constantFrom('Signature ', 'signature  ', 'Bearer ', '');
const token = fc.oneof(
  fc.tuple(scheme, fc.string()).map(([prefix, text]) => prefix + text),
  fc
    .tuple(scheme, fc.oneof(b64url, jsonSegment), fc.oneof(b64url, jsonSegment), b64url)
    .map(([prefix, ...parts]) => prefix + parts.join('.')),
  // A valid token with one character changed: exercises every verification branch.
  fc.tuple(fc.nat(), fc.constantFrom(...'AZaz09-_.'.split(''))).map(([at, char]) => ({ at, char })),
);
const body = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ __proto__: v, constructor: v })),
);

function eventOf(sample: {
  method: string;
  path: string;
  auth: unknown;
  body: string | null;
  base64: boolean;
  contentType: string | undefined;
  query: boolean;
}): ApiEvent {
  let authorization: string | undefined;
  if (typeof sample.auth === 'string') authorization = sample.auth;
  else if (sample.auth && typeof sample.auth === 'object') {
    const valid = signedRequest(h.ctx, { method: sample.method, path: sample.path, body: sample.body ?? '' }).headers[
      'authorization'
    ]!;
    const { at, char } = sample.auth as { at: number; char: string };
    const index = 10 + (at % (valid.length - 10));
    authorization = valid.slice(0, index) + char + valid.slice(index + 1);
  }
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers['Authorization'] = authorization;
  if (sample.contentType !== undefined) headers['content-type'] = sample.contentType;
  return {
    httpMethod: sample.method,
    path: sample.path,
    resource: ROUTES.find((r) => r.path === sample.path)?.path ?? sample.path,
    headers,
    multiValueHeaders: {},
    queryStringParameters: sample.query ? { q: '1' } : null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: sample.base64 && sample.body !== null ? Buffer.from(sample.body).toString('base64') : sample.body,
    isBase64Encoded: sample.base64,
    requestContext: { requestId: 'fuzz' } as ApiEvent['requestContext'],
  };
}

const sampleArb = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.string({ maxLength: 8 })),
  path: fc.oneof(
    fc.constantFrom(...ROUTES.map((r) => r.path.replace(/\{[^}]+\}/g, 'x'))),
    fc.string({ maxLength: 30, size: 'max' }),
  ),
  auth: fc.oneof(fc.constant(undefined), token),
  body,
  base64: fc.boolean(),
  contentType: fc.oneof(
    fc.constant(undefined),
    fc.constant('application/json'),
    fc.string({ maxLength: 30, size: 'max' }),
  ),
  query: fc.boolean(),
});

describe('fuzz: the composed stack', () => {
  it('answers every random request with 200 or a mapped problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(sampleArb, async (sample) => {
        // Act
        const response = await h.handler(eventOf(sample), {} as Context);
        // Assess
        expect(response.statusCode).not.toBe(500);
        const parsed = JSON.parse(response.body) as { code?: string };
        if (response.statusCode !== 200) expect(Object.hasOwn(PROBLEMS, parsed.code ?? '')).toBe(true);
        expect(response.headers?.['Cache-Control']).toBe('no-store');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fuzz: only typed errors escape', () => {
  it('verifySignedRequest throws only GatekeeperErrors', async () => {
    // Prepare
    const deps = { registry: h.registry, replay: h.replay, clock: h.clock, audience: 'gatekeeper-local' };

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(sampleArb, async (sample) => {
        const event = eventOf(sample);
        const input = {
          method: sample.method,
          path: sample.path,
          hasQuery: sample.query,
          authorization: event.headers['Authorization'],
          contentType: sample.contentType,
          body: Buffer.from(sample.body ?? ''),
        };
        await verifySignedRequest(input, deps).catch((error: unknown) => expect(error).toBeInstanceOf(GatekeeperError));
      }),
      { numRuns: 2000 },
    );
  });

  it('jsonBody throws only GatekeeperErrors', async () => {
    // Prepare
    const schema = z.object({ a: z.array(z.number()).max(2), b: z.enum(['X']) });

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.uint8Array()), async (raw) => {
        const request = {
          event: {},
          context: {},
          internal: { rawBody: typeof raw === 'string' ? Buffer.from(raw) : raw },
        } as unknown as ApiRequest;
        await (async () => {
          await jsonBody(schema).before?.(request);
        })().catch((error: unknown) => expect(error).toBeInstanceOf(GatekeeperError));
      }),
      { numRuns: 2000 },
    );
  });
});
