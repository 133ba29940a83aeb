import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { GatekeeperClient } from '../../shared/client/index.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import { registerLogMarkers } from './log-registry.ts';

/** The running local stack (test/global-setup.ts) and signed clients for the demo seed. */
export function stack() {
  return inject('stack');
}

export function demoKey(clientId: string): ClientPrivateJwk {
  return JSON.parse(readFileSync(join(stack().keysDir, `${clientId}.private.jwk.json`), 'utf8')) as ClientPrivateJwk;
}

export function clientFor(
  clientId: string,
  privateJwk: ClientPrivateJwk = demoKey(clientId),
  org = 'demo',
): GatekeeperClient {
  return new GatekeeperClient({ baseUrl: stack().url, clientId, org, audience: 'gatekeeper-local', privateJwk });
}

export const demo = {
  clinical: () => clientFor('demo-clinical'),
  auditor: () => clientFor('demo-auditor'),
  admin: () => clientFor('demo-admin'),
  // The people of reviews.md (api.md §5).
  cg: () => clientFor('demo-cg'),
  dpo: () => clientFor('demo-dpo'),
  records: () => clientFor('demo-records'),
};

/** A patient id no other test uses, so tests share the seed without sharing records. */
export function freshPatientId(prefix = 'MRN'): string {
  const patientId = `${prefix}-${randomUUID().slice(0, 8)}`;
  registerLogMarkers([patientId]);
  return patientId;
}

/**
 * Prefixes under which tests make organisation data (client, org, key and recipient ids): an
 * operator needs those in logs, so the log scan does not look for them.
 */
const ORG_DATA_PREFIXES = new Set([
  'c',
  'admin',
  'org',
  'nobody',
  'rotating',
  'thief',
  'hostile',
  'tenant-own',
  'tenant-rcp',
  'probe-k',
  'r',
  't',
  'ins',
]);

export function freshId(prefix: string): string {
  const id = `${prefix}-${randomUUID()}`;
  if (!ORG_DATA_PREFIXES.has(prefix)) registerLogMarkers([id]);
  return id;
}

/** Sets or clears a fault on the local KMS endpoint over its HTTP control API. */
export async function kmsFault(
  fault: { operation?: string; mode: 'throttle' | 'error' | 'delay'; delayMs?: number; times?: number } | null,
): Promise<void> {
  const response = await fetch(`${stack().kmsUrl}/_faults`, {
    method: fault ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(fault ? { body: JSON.stringify(fault) } : {}),
  });
  if (!response.ok) throw new Error(`KMS fault API answered ${response.status}`);
}
