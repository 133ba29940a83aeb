/**
 * A local AWS KMS endpoint: node:http speaking the KMS JSON 1.1 protocol, so @aws-sdk/client-kms
 * works against it unchanged (same requests, same exception classes). It does not check SigV4
 * signatures: any credentials are accepted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KmsContext, OperationHandler } from './context.ts';
import { DisabledError, InternalError, LocalKmsError, ThrottlingError, UnknownOperationError } from './errors.ts';
import { FaultController, type FaultSpec } from './faults.ts';
import { readJsonObject, sendEmpty, sendError, sendJson } from './http-io.ts';
import { KeyStore } from './key-store.ts';
import { encryptionOperations } from './operations/encryption.ts';
import { ImportSessions } from './operations/import-sessions.ts';
import { importOperations } from './operations/import.ts';
import { keyOperations } from './operations/keys.ts';
import { macOperations } from './operations/mac.ts';
import { signingOperations } from './operations/signing.ts';
import { loadState, saveState } from './state-file.ts';

export interface LocalKmsOptions {
  /** Default 127.0.0.1: the endpoint holds private keys and must not listen beyond the machine. */
  host?: string;
  /** 0 (default) = a random free port. */
  port?: number;
  /** JSON file that keeps keys across restarts; absent = in memory only. */
  stateFile?: string;
  region?: string;
  accountId?: string;
}

export interface LocalKms {
  readonly url: string;
  readonly faults: FaultController;
  close(): Promise<void>;
}

const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  ...keyOperations,
  ...signingOperations,
  ...macOperations,
  ...encryptionOperations,
  ...importOperations,
};

const TARGET_PREFIX = 'TrentService.';

async function applyFault(fault: FaultSpec | undefined): Promise<void> {
  if (fault?.mode === 'throttle') throw new ThrottlingError('Rate exceeded');
  if (fault?.mode === 'error') throw new InternalError('An internal error occurred (injected fault).');
  if (fault?.mode === 'disabled') throw new DisabledError('The key is disabled (injected fault).');
  if (fault?.mode === 'delay') await sleep(fault.delayMs ?? 0);
}

async function handleKms(context: KmsContext, faults: FaultController, request: IncomingMessage): Promise<object> {
  const target = request.headers['x-amz-target'];
  const operation =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (request.method !== 'POST' || !handler) throw new UnknownOperationError(`Unknown operation '${String(target)}'.`);
  const body = await readJsonObject(request);
  await applyFault(faults.take(operation));
  return handler(context, body);
}

async function handleFaults(
  faults: FaultController,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method === 'DELETE') {
    faults.clear();
  } else if (request.method === 'POST') {
    faults.inject((await readJsonObject(request)) as FaultSpec);
  } else {
    sendEmpty(response, 405);
    return;
  }
  sendEmpty(response, 204);
}

function route(context: KmsContext, faults: FaultController) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      if (request.url?.split('?')[0] === '/_faults') {
        await handleFaults(faults, request, response);
        return;
      }
      sendJson(response, 200, await handleKms(context, faults, request));
    } catch (error) {
      if (error instanceof LocalKmsError) {
        sendError(response, error);
        return;
      }
      // Only the error's class and message: handlers never put key material into messages.
      console.error(
        'local KMS: unexpected failure',
        error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
      );
      sendError(response, new InternalError('An internal error occurred.'));
    }
  };
}

/** Saves run one after another so an older snapshot can never overwrite a newer one. */
function persistence(
  store: KeyStore,
  stateFile: string | undefined,
): { persist(): Promise<void>; idle(): Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  return {
    persist() {
      if (stateFile === undefined) return Promise.resolve();
      queue = queue.catch(() => undefined).then(() => saveState(store, stateFile));
      return queue;
    },
    idle: () => queue.catch(() => undefined),
  };
}

export async function startLocalKms(options: LocalKmsOptions = {}): Promise<LocalKms> {
  const store = new KeyStore(options.region ?? 'eu-west-2', options.accountId ?? '000000000000');
  if (options.stateFile !== undefined) await loadState(store, options.stateFile);
  const saving = persistence(store, options.stateFile);
  const context: KmsContext = { store, imports: new ImportSessions(), persist: saving.persist };
  const faults = new FaultController();
  const handle = route(context, faults);
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    faults,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The SDK keeps connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
      await closed;
      await saving.idle();
    },
  };
}
