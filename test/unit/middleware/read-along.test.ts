/**
 * An operation whose own read carries the client's registry record (apiHandler `readAlong`): a
 * warm function admits it on that read, the handler gets the very read it offered, and an
 * operation that offers none is read as always.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiHandler, json, route, type RouteDefinition } from '../../../functions/lib/index.ts';
import type { AdmissionRead } from '../../../shared/auth/admission-read.ts';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { generateClientKey, type ClientKeyPair } from '../../../shared/client/index.ts';
import type { ClientRecord, ClientRegistry } from '../../../shared/ports/client-registry.ts';
import { signedRequest, type HostileClient } from '../../support/hostile-requests.ts';
import { FixedClock, MemoryReplayStore } from '../../support/memory-registry.ts';
import { AUDIENCE, codeOf, NOW_MS, toEvent } from './harness.ts';

class CountingRegistry implements ClientRegistry {
  record: ClientRecord | undefined;
  reads = 0;
  getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    this.reads += 1;
    const record = this.record;
    return Promise.resolve(record?.org === org && record.clientId === clientId ? record : undefined);
  }
}

/** The operation's read: the same registry, counted apart. */
class OperationRead implements AdmissionRead {
  calls = 0;
  readonly registry: CountingRegistry;
  constructor(registry: CountingRegistry) {
    this.registry = registry;
  }
  readClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    this.calls += 1;
    return this.registry.getClient(org, clientId);
  }
}

let key: ClientKeyPair;
let client: HostileClient;
let registry: CountingRegistry;
let offered: OperationRead[];
let received: (AdmissionRead | undefined)[];
let send: (request: ReturnType<typeof signedRequest>) => Promise<{ statusCode: number; body: string }>;

function recordingRoute(operationId: 'postDisclosures' | 'postDisclosuresBatch', resource: string): RouteDefinition {
  const definition = route({
    method: 'POST',
    resource,
    scope: 'disclosure:check',
    body: z.looseObject({}),
    handle: ({ readAlong }) => {
      received.push(readAlong);
      return json(200, { ok: true });
    },
  });
  return { ...definition, operationId };
}

beforeEach(async () => {
  key = await generateClientKey('ES256', 'epr-k1');
  client = { clientId: 'epr', org: 'demo', privateJwk: key.privateJwk };
  registry = new CountingRegistry();
  registry.record = {
    clientId: 'epr',
    org: 'demo',
    name: 'EPR',
    scopes: ['disclosure:check'],
    status: 'ACTIVE',
    keys: [{ kid: key.publicJwk.kid, status: 'ACTIVE', jwk: key.publicJwk }],
    version: 1,
  };
  offered = [];
  received = [];
  const clock = new FixedClock(NOW_MS);
  const handler = apiHandler({
    routes: [
      recordingRoute('postDisclosures', '/v1/disclosures'),
      recordingRoute('postDisclosuresBatch', '/v1/disclosures/batch'),
    ],
    deps: {
      registry,
      replay: new MemoryReplayStore(clock),
      clock,
      audience: AUDIENCE,
      logger: { warn: vi.fn(), error: vi.fn() },
      knownClients: new KnownClients(),
    },
    readAlong: {
      postDisclosures: () => {
        const read = new OperationRead(registry);
        offered.push(read);
        return read;
      },
    },
  });
  send = (request) => handler(toEvent(request), {} as Context);
});

function request(path = '/v1/disclosures'): ReturnType<typeof signedRequest> {
  return signedRequest({ audience: AUDIENCE, now: () => NOW_MS } as never, { client: () => client, path });
}

describe('an operation whose read carries the client', () => {
  it('is admitted on its own read in a warm function, and its handler gets that read', async () => {
    // Prepare: a cold request first (read on its own), which warms the function
    const cold = await send(request());
    const readsBefore = registry.reads;
    // Act
    const warm = await send(request());
    // Assess
    expect([codeOf(cold), codeOf(warm)]).toEqual([
      [200, 'ok'],
      [200, 'ok'],
    ]);
    expect(offered.map((read) => read.calls)).toEqual([0, 1]);
    expect(registry.reads).toBe(readsBefore + 1);
    expect(received).toEqual([offered[0], offered[1]]);
  });

  it('is refused on what its read says once the client is suspended', async () => {
    // Prepare
    await send(request());
    registry.record = { ...registry.record!, status: 'SUSPENDED', version: 2 };
    // Act
    const after = await send(request());
    // Assess
    expect(codeOf(after)).toEqual([403, 'client_suspended']);
    expect(offered.at(-1)?.calls).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('leaves an operation that offers no read to the verifier’s own', async () => {
    // Prepare
    await send(request('/v1/disclosures/batch'));
    // Act
    const warm = await send(request('/v1/disclosures/batch'));
    // Assess
    expect(codeOf(warm)).toEqual([200, 'ok']);
    expect(offered).toEqual([]);
    expect(received).toEqual([undefined, undefined]);
  });
});
