/**
 * TESTS ONLY. The HTTP face of the DynamoDB isolation model, so tests in other processes (vitest
 * workers, a soak driver) can drive the model inside the process that runs the local stack.
 *
 *   POST   /_isolation/item-by-item     { on, maxGapMs? }                   mode (a) for every Query
 *   POST   /_isolation/pauses           { partitionContains, afterSortKeyPrefix } → { id }
 *   GET    /_isolation/pauses/{id}      answers once that pause holds a Query (long poll)
 *   POST   /_isolation/pauses/{id}/release
 *   POST   /_isolation/indexes          { frozen }                          mode (b)
 *   POST   /_isolation/failures         { contains, how? } → { id }         mode (c)
 *   GET    /_isolation/failures/{id}    → { fired }
 *   DELETE /_isolation                  back to plain DynamoDB Local behaviour
 */
import type { ServerResponse } from 'node:http';
import type { IsolationModel } from './dynamodb-isolation-model.ts';

export async function handleControl(
  model: IsolationModel,
  method: string,
  url: string,
  body: string,
  response: ServerResponse,
): Promise<void> {
  const path = url.replace(/^\/_isolation/, '');
  const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  const id = Number(/^\/(?:pauses|failures)\/(\d+)/.exec(path)?.[1] ?? NaN);
  let answer: unknown = {};
  if (method === 'DELETE' && path === '') model.reset();
  else if (method === 'POST' && path === '/item-by-item')
    model.setItemByItem(input['on'] === true, typeof input['maxGapMs'] === 'number' ? input['maxGapMs'] : 0);
  else if (method === 'POST' && path === '/pauses') {
    answer = {
      id: model.pauseQuery({
        partitionContains: String(input['partitionContains']),
        afterSortKeyPrefix: String(input['afterSortKeyPrefix']),
      }),
    };
  } else if (method === 'GET' && path.startsWith('/pauses/')) await model.whenPaused(id);
  else if (method === 'POST' && path.endsWith('/release')) model.release(id);
  else if (method === 'POST' && path === '/indexes') {
    if (input['frozen'] === true) model.freezeIndexes();
    else model.catchUpIndexes();
  } else if (method === 'POST' && path === '/failures')
    answer = {
      id: model.failAfterCommit(
        String(input['contains']),
        input['how'] === 'connection-lost' ? 'connection-lost' : 'internal-error',
      ),
    };
  else if (method === 'GET' && path.startsWith('/failures/')) answer = { fired: model.failureFired(id) };
  else {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(answer));
}
