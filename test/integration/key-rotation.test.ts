/**
 * Key rotation over HTTP (docs/key-rotation.md): the gatekeeper is restarted on the same state
 * with a new checkpoint key and a new authorisation key, as a deployment would be, and an auditor
 * who pinned only the old checkpoint keys verifies the log across the rotation with the CLI.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.ts';
import { COMMANDS } from '../../cli/commands/index.ts';
import { main } from '../../cli/main.ts';
import { parseCheckpoint } from '../../shared/audit/checkpoint.ts';
import { GatekeeperClient } from '../../shared/client/index.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { startStackProcess, type StackProcess } from '../support/stack-process.ts';
import { freshPatientId } from '../support/stack.ts';

const DAY = 24 * 3600 * 1000;
const ROTATION = { checkpoint: 'alias/gatekeeper/checkpoint-2', authorisation: 'alias/gatekeeper/authorisation-2' };

let stateDir: string;
let stack: StackProcess | undefined;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'gk-rotation-'));
});
afterAll(async () => {
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** Restarts the gatekeeper on the same state; `retiredAt` per purpose rotates to its second key. */
async function restart(retiredAt?: { checkpoint: number; authorisation: number }): Promise<StackProcess> {
  await stack?.stop();
  const rotation = retiredAt && {
    checkpoint: { alias: ROTATION.checkpoint, retiredAt: new Date(retiredAt.checkpoint).toISOString() },
    authorisation: { alias: ROTATION.authorisation, retiredAt: new Date(retiredAt.authorisation).toISOString() },
  };
  stack = await startStackProcess({ stateDir, ...(rotation ? { rotation } : {}) });
  return stack;
}

async function clientOf(running: StackProcess, clientId: string): Promise<GatekeeperClient> {
  const privateJwk = JSON.parse(
    await readFile(join(running.keysDir, `${clientId}.private.jwk.json`), 'utf8'),
  ) as ClientPrivateJwk;
  return new GatekeeperClient({
    baseUrl: running.url,
    clientId,
    org: 'demo',
    audience: 'gatekeeper-local',
    privateJwk,
  });
}

async function jwks(running: StackProcess): Promise<JSONWebKeySet> {
  return (await fetch(`${running.url}/.well-known/jwks.json`)).json() as Promise<JSONWebKeySet>;
}

async function disclose(running: StackProcess, patientId: string) {
  const answer = await (
    await clientOf(running, 'demo-clinical')
  ).request('POST', '/v1/disclosures', requestFor(patientId));
  return decisionAnswerSchema.parse(answer.body);
}

async function listing(
  running: StackProcess,
): Promise<{ checkpoints: Array<{ origin: string; note: string }>; vkeys: string[] }> {
  return (await (await clientOf(running, 'demo-auditor')).request('GET', '/v1/audit/checkpoints')).body as {
    checkpoints: Array<{ origin: string; note: string }>;
    vkeys: string[];
  };
}

/** `gatekeeper audit verify` as an auditor runs it; returns the exit code and what it printed. */
async function auditVerify(running: StackProcess, ...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io: CliIo = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    env: {},
    cwd: process.cwd(),
    fetch: globalThis.fetch,
  };
  const connection = [
    '--url',
    running.url,
    '--client',
    'demo-auditor',
    '--key',
    join(running.keysDir, 'demo-auditor.private.jwk.json'),
  ];
  const code = await main(['audit', 'verify', ...connection, ...args], io, COMMANDS);
  return { code, out: lines.join('\n') };
}

const verifiesWith = (token: string, set: JSONWebKeySet) =>
  jwtVerify(token, createLocalJWKSet(set), { typ: 'gk-authz+jwt', algorithms: ['ES256'] }).then(
    () => true,
    () => false,
  );

describe('key rotation over HTTP', () => {
  it('keeps old authorisations verifiable until expiry, cross-signs checkpoints, and the old-key auditor follows the rotation', async () => {
    // Prepare: before the rotation, an ALLOW and an auditor's first run pinning the old checkpoint keys
    let running = await restart();
    const patientId = freshPatientId();
    await preparePatient(await clientOf(running, 'demo-clinical'), patientId);
    const before = await disclose(running, patientId);
    const oldJwks = await jwks(running);
    const oldVkeys = (await listing(running)).vkeys;
    const pins = oldVkeys.flatMap((vkey) => ['--vkey', vkey]);
    const state = join(stateDir, 'auditor-state.json');
    expect(oldJwks.keys.map((key) => key.alg)).toEqual(['EdDSA', 'ES256']);
    expect((await auditVerify(running, ...pins, '--state', state)).code).toBe(0);

    // Act 1: rotate both keys; the old checkpoint key co-signs for a day, the old authorisation key stops now
    const rotatedAt = Date.now();
    running = await restart({ checkpoint: rotatedAt + DAY, authorisation: rotatedAt });
    const during = await disclose(running, patientId);
    const duringJwks = await jwks(running);
    const duringListing = await listing(running);
    const duringRun = await auditVerify(running, ...pins, '--state', state);
    const learned = JSON.parse(await readFile(state, 'utf8')) as Record<string, { vkeys?: string[] }>;

    // Assess 1
    expect(duringJwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining(oldJwks.keys.map((key) => key.kid)));
    expect(duringJwks.keys.map((key) => key.alg)).toEqual(['EdDSA', 'EdDSA', 'ES256', 'ES256']);
    expect(await verifiesWith(before.authorisation!, duringJwks)).toBe(true);
    expect(await verifiesWith(during.authorisation!, duringJwks)).toBe(true);
    expect(oldJwks.keys.map((key) => key.kid)).not.toContain(decodeProtectedHeader(during.authorisation!).kid);
    expect(duringListing.vkeys).toHaveLength(2 * oldVkeys.length);
    expect(duringListing.vkeys).toEqual(expect.arrayContaining(oldVkeys));
    const grown = duringListing.checkpoints.find((checkpoint) => checkpoint.origin === during.receipt.origin)!;
    expect(parseCheckpoint(grown.note).signatures).toHaveLength(2);
    expect(duringRun).toMatchObject({ code: 0 });
    expect(learned[during.receipt.origin]?.vkeys).toEqual([
      duringListing.vkeys.find((vkey) => vkey.startsWith(`${during.receipt.origin}+`) && !oldVkeys.includes(vkey)),
    ]);

    // Act 2: after the transition and a token lifetime, only the new keys sign and the old authorisation key is gone
    running = await restart({ checkpoint: Date.now() - 1000, authorisation: rotatedAt - 8 * DAY });
    const after = await disclose(running, patientId);
    const afterJwks = await jwks(running);
    const afterListing = await listing(running);
    const withState = await auditVerify(running, ...pins, '--state', state, '--full');
    const withoutState = await auditVerify(running, ...pins);
    const pinningNew = await auditVerify(running, ...afterListing.vkeys.flatMap((vkey) => ['--vkey', vkey]));
    const receiptFile = join(stateDir, 'after.json');
    await writeFile(receiptFile, JSON.stringify(after));
    const receiptWithState = await auditVerify(running, ...pins, '--state', state, '--receipt', receiptFile);
    const receiptWithoutState = await auditVerify(running, ...pins, '--receipt', receiptFile);

    // Assess 2
    expect(afterJwks.keys.map((key) => key.alg)).toEqual(['EdDSA', 'EdDSA', 'ES256']);
    expect(await verifiesWith(before.authorisation!, afterJwks)).toBe(false);
    expect(await verifiesWith(after.authorisation!, afterJwks)).toBe(true);
    const latest = afterListing.checkpoints.find((checkpoint) => checkpoint.origin === after.receipt.origin)!;
    expect(parseCheckpoint(latest.note).signatures).toHaveLength(1);
    expect(withState).toMatchObject({ code: 0 });
    expect(withState.out).toMatch(/VERIFIED/);
    expect(withoutState.code).toBe(1);
    expect(withoutState.out).toMatch(/checkpoint_key_untrusted/);
    expect(pinningNew).toMatchObject({ code: 0 });
    expect(receiptWithState).toMatchObject({ code: 0 });
    expect(receiptWithState.out).toMatch(/Receipt VERIFIED/);
    expect(receiptWithoutState.code).toBe(1);
  }, 240_000);
});
