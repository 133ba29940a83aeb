/**
 * An operation of `replayInTransaction` records its jti in the transaction of the change it makes;
 * on every path without that commit the middleware records it before the answer leaves. These
 * handlers stand in for the decision's transaction: a `claim` commits into the same in-memory
 * store a plain `remember` uses, and fails on a jti already there, as the conditional put does.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiHandler, json, route, type RouteDefinition } from '../../../functions/lib/index.ts';
import type { ReplayInTransaction } from '../../../shared/auth/deferred-replay.ts';
import { DependencyUnavailableError } from '../../../shared/errors.ts';
import { generateClientKey } from '../../../shared/client/index.ts';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import type { AtomicWrite } from '../../../shared/ports/audit-log.ts';
import { signedRequest, type HostileClient } from '../../support/hostile-requests.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../../support/memory-registry.ts';
import type { ApiLogger } from '../../../functions/lib/types.ts';
import { AUDIENCE, codeOf, NOW_MS, toEvent } from './harness.ts';

type Claim = [org: string, clientId: string, jti: string, expiresAtMs: number];

/** The memory store, able to record a jti as a transaction's companion write; counts its own puts. */
class ClaimingReplayStore extends MemoryReplayStore {
  puts = 0;
  override remember(...args: Claim): Promise<boolean> {
    this.puts += 1;
    return super.remember(...args);
  }
  claim(...args: Claim): AtomicWrite {
    return { tag: 'replay', store: 'memory', item: args };
  }
  /** The transaction: commits the claim, or fails on it (false). */
  commit(write: AtomicWrite): Promise<boolean> {
    return super.remember(...(write.item as Claim));
  }
}

type Ending = 'commit' | 'stored answer' | 'failure' | 'read only';
let ending: Ending;
let store: ClaimingReplayStore;
let client: HostileClient;
let logger: { warn: ReturnType<typeof vi.fn<ApiLogger['warn']>>; error: ReturnType<typeof vi.fn<ApiLogger['error']>> };
let registry: MemoryClientRegistry;
let send: (request: ReturnType<typeof signedRequest>) => Promise<{ statusCode: number; body: string }>;
let sendOverlapped: typeof send;

/** Ends as told: commits its transaction with the jti in it, answers without one, or fails. */
function decidingRoute(): RouteDefinition {
  const definition = route({
    method: 'POST',
    resource: '/v1/disclosures',
    scope: 'disclosure:check',
    body: z.object({ requestId: z.string() }),
    handle: async ({ admitted, replay }) => {
      // A handler that only reads answers without waiting: its answer waits for the admission.
      if (ending === 'read only') return json(200, { from: 'read' });
      await admitted;
      if (ending === 'failure') throw new DependencyUnavailableError('The records store is unavailable');
      if (ending === 'stored answer') return json(200, { from: 'stored' });
      const jti = replay as ReplayInTransaction;
      if (!(await store.commit(jti.write()))) throw jti.replayed();
      jti.committed();
      return json(200, { from: 'commit' });
    },
  });
  return { ...definition, operationId: 'postDisclosures' };
}

beforeEach(async () => {
  const key = await generateClientKey('ES256', 'epr-k1');
  client = { clientId: 'epr', org: 'demo', privateJwk: key.privateJwk };
  const clock = new FixedClock(NOW_MS);
  registry = new MemoryClientRegistry().register({
    ...client,
    scopes: ['disclosure:check'],
    keys: [key.publicJwk],
  });
  store = new ClaimingReplayStore(clock);
  ending = 'commit';
  logger = { warn: vi.fn<ApiLogger['warn']>(), error: vi.fn<ApiLogger['error']>() };
  const handler = apiHandler({
    routes: [decidingRoute()],
    deps: { registry, replay: store, clock, audience: AUDIENCE, logger },
    replayInTransaction: ['postDisclosures'],
  });
  send = (request) => handler(toEvent(request), {} as Context);
  // As a warm function runs it: the handler starts while the request is admitted.
  const overlapped = apiHandler({
    routes: [decidingRoute()],
    deps: { registry, replay: store, clock, audience: AUDIENCE, logger, knownClients: new KnownClients() },
    overlapping: ['postDisclosures'],
    replayInTransaction: ['postDisclosures'],
  });
  sendOverlapped = (request) => overlapped(toEvent(request), {} as Context);
});

const request = (body = '{"requestId":"r-1"}') =>
  signedRequest({ audience: AUDIENCE, now: () => NOW_MS } as never, { client: () => client, body });

describe('a jti recorded in the transaction of the change', () => {
  it('makes no put of its own when the transaction committed, and refuses the replay on the transaction', async () => {
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
    expect([store.puts, store.size]).toEqual([0, 1]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Signed request rejected',
      expect.objectContaining({ code: 'replayed_request', clientId: 'epr' }),
    );
  });

  it.each([
    ['malformed JSON', 'commit', '{"requestId":', [400, 'malformed_json']],
    ['a body the schema refuses', 'commit', '{}', [422, 'validation_failed']],
    ['an answer without a transaction', 'stored answer', undefined, [200, 'ok']],
    ['a failure before the transaction', 'failure', undefined, [503, 'dependency_unavailable']],
  ] as const)('is put on its own after %s, so the replay is refused', async (_name, end, body, expected) => {
    // Prepare
    ending = end;
    const once = request(body);
    // Act
    const first = await send(once);
    const putsForFirst = store.puts;
    ending = 'commit';
    const again = await send(once);
    // Assess
    expect([codeOf(first), codeOf(again)]).toEqual([expected, [401, 'replayed_request']]);
    expect([putsForFirst, store.size]).toEqual([1, 1]);
  });

  it('answers dependency_unavailable, not the answer, when its own put fails', async () => {
    // Prepare
    ending = 'stored answer';
    store.failWith = new Error('replay table unreachable');
    // Act
    const response = await send(request());
    // Assess
    expect(codeOf(response)).toEqual([503, 'dependency_unavailable']);
  });

  it('records nothing for an overlapped request its own registry read refuses', async () => {
    // Prepare: the function knows the client's key from a first request; then it is revoked
    await sendOverlapped(request('{"requestId":"r-warm"}'));
    const recorded = store.size;
    registry.revokeKey('epr', 'epr-k1');
    ending = 'read only';
    // Act
    const refused = await sendOverlapped(request());
    // Assess
    expect(codeOf(refused)).toEqual([401, 'key_revoked']);
    expect(store.size).toBe(recorded);
  });
});
