/**
 * An operation that overlaps its admission (apiHandler `overlapping`) starts while its request's
 * registry read and replay put are in flight. Nothing it writes or answers may get out for a
 * request that is then refused: these handlers count what they start and what they write, and
 * write only after `admitted`, as DisclosureService does.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiHandler, json, route, type RouteDefinition } from '../../../functions/lib/index.ts';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { generateClientKey, type ClientKeyPair } from '../../../shared/client/index.ts';
import type { ClientRecord, ClientRegistry, Scope } from '../../../shared/ports/client-registry.ts';
import { signedRequest, type HostileClient } from '../../support/hostile-requests.ts';
import { FixedClock, MemoryReplayStore } from '../../support/memory-registry.ts';
import { AUDIENCE, codeOf, NOW_MS, toEvent } from './harness.ts';

class SwitchableRegistry implements ClientRegistry {
  record: ClientRecord;
  held: Promise<void> | undefined;
  constructor(record: ClientRecord) {
    this.record = record;
  }
  async getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    const answer = this.record.org === org && this.record.clientId === clientId ? this.record : undefined;
    await this.held;
    return answer;
  }
}

let key: ClientKeyPair;
let client: HostileClient;
let registry: SwitchableRegistry;
let counts: { started: number; wrote: number };
let failWith: Error | undefined;
let send: (request: ReturnType<typeof signedRequest>) => Promise<{ statusCode: number; body: string }>;

const recordWith = (scopes: Scope[]): ClientRecord => ({
  clientId: 'epr',
  org: 'demo',
  name: 'EPR',
  scopes,
  status: 'ACTIVE',
  keys: [{ kid: key.publicJwk.kid, status: 'ACTIVE', jwk: key.publicJwk }],
  version: scopes.length,
});

function writingRoute(): RouteDefinition {
  const definition = route({
    method: 'POST',
    resource: '/v1/disclosures',
    scope: 'disclosure:check',
    body: z.looseObject({}),
    handle: async ({ admitted }) => {
      counts.started += 1;
      if (failWith) throw failWith;
      await admitted;
      counts.wrote += 1;
      return json(200, { ok: true });
    },
  });
  return { ...definition, operationId: 'postDisclosures' };
}

beforeEach(async () => {
  key = await generateClientKey('ES256', 'epr-k1');
  client = { clientId: 'epr', org: 'demo', privateJwk: key.privateJwk };
  registry = new SwitchableRegistry(recordWith(['disclosure:check']));
  counts = { started: 0, wrote: 0 };
  failWith = undefined;
  const clock = new FixedClock(NOW_MS);
  const logger = { warn: vi.fn(), error: vi.fn() };
  const handler = apiHandler({
    routes: [writingRoute()],
    deps: {
      registry,
      replay: new MemoryReplayStore(clock),
      clock,
      audience: AUDIENCE,
      logger,
      knownClients: new KnownClients(),
    },
    overlapping: ['postDisclosures'],
  });
  send = (request) => handler(toEvent(request), {} as Context);
  // A warm function: this client's record was read by an earlier request.
  const warm = await send(request());
  expect([warm.statusCode, counts.wrote]).toEqual([200, 1]);
  counts = { started: 0, wrote: 0 };
});

function request(): ReturnType<typeof signedRequest> {
  return signedRequest({ audience: AUDIENCE, now: () => NOW_MS } as never, { client: () => client });
}

describe('an operation that overlaps its admission', () => {
  it('starts a replayed request but never writes for it, and answers replayed_request', async () => {
    // Prepare
    const once = request();
    // Act
    const first = await send(once);
    const again = await send(once);
    // Assess
    expect([codeOf(first), codeOf(again)]).toEqual([
      [200, 'ok'],
      [401, 'replayed_request'],
    ]);
    expect(counts).toEqual({ started: 2, wrote: 1 });
  });

  it('answers replayed_request, not the handler failure, for a replayed request that failed', async () => {
    // Prepare
    const once = request();
    await send(once);
    failWith = new NotFoundError('No such patient');
    // Act
    const again = await send(once);
    // Assess
    expect(codeOf(again)).toEqual([401, 'replayed_request']);
  });

  it('writes nothing and answers forbidden_scope when the read took the scope away', async () => {
    // Prepare
    registry.record = recordWith(['records:read']);
    // Act
    const response = await send(request());
    // Assess
    expect(codeOf(response)).toEqual([403, 'forbidden_scope']);
    expect(counts.wrote).toBe(0);
  });

  it('serves a scope the read granted that the record last read lacked', async () => {
    // Prepare: the cache knows the client without the scope; the read grants it
    registry.record = recordWith(['records:read']);
    await send(request());
    registry.record = recordWith(['records:read', 'disclosure:check']);
    // Act
    const response = await send(request());
    // Assess
    expect(codeOf(response)).toEqual([200, 'ok']);
  });

  it('holds the answer until the registry read is in', async () => {
    // Prepare
    let release!: () => void;
    registry.held = new Promise((resolve) => (release = resolve));
    let answered = false;
    // Act
    const pending = send(request()).finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Assess
    expect([counts.started, counts.wrote, answered]).toEqual([1, 0, false]);
    release();
    expect(codeOf(await pending)).toEqual([200, 'ok']);
  });

  it('keeps its request refused for good when the key is revoked meanwhile', async () => {
    // Prepare
    registry.record = {
      ...recordWith(['disclosure:check']),
      keys: [{ ...recordWith([]).keys[0]!, status: 'REVOKED' }],
    };
    // Act
    const response = await send(request());
    // Assess
    expect(codeOf(response)).toEqual([401, 'key_revoked']);
    expect(counts.wrote).toBe(0);
  });
});
