import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { enrolmentOf, normaliseEnrolmentCode, type EcPublicJwk } from '../../shared/client/enrolment.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connect, readJsonFile } from '../connection.ts';

/**
 * `clients enrol`: an admin registers the key a person's browser made in the console (console.md
 * §1). The code the person reads out must be the key's own, so a key swapped on its way to the
 * admin is refused before anything is registered. The key's kid is its thumbprint, as the browser
 * named it.
 */
export const clientsCommand: Command = {
  name: 'clients',
  summary: "enrol a person's browser key from the console (admin)",
  usage: [
    "gatekeeper clients enrol --person <client id> --code <XXXX-XXXX> --jwk '<public JWK>'|@<file>",
    '                         --role <CALDICOTT_GUARDIAN|DPO|AUDITOR|RECORDS_STAFF|ADMIN>',
    '                         --scopes audit:read[,review:decide,...] [--name "<name>"]',
    '  (a person is a PERSON client with that displayRole: a reviewer decides only in the role registered)',
    '  (sends PUT /v1/clients/<id> as the admin client: the client holds this one key afterwards)',
    CONNECTION_USAGE.replace('demo-clinical', 'demo-admin'),
  ].join('\n'),
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...CONNECTION_OPTIONS,
        person: { type: 'string' },
        code: { type: 'string' },
        jwk: { type: 'string' },
        scopes: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
      },
    });
    if (positionals[0] !== 'enrol' || positionals.length !== 1) throw new UsageError('expected: clients enrol');
    const { person: clientId, code, jwk: jwkText, scopes, role } = values;
    if (!clientId || !code || !jwkText || !scopes || !role)
      throw new UsageError('--person, --code, --jwk, --role and --scopes are required');
    const jwk = await publicKeyOf(jwkText, io.cwd);
    const enrolment = await enrolmentOf(jwk);
    if (normaliseEnrolmentCode(code) !== enrolment.code) {
      io.err('The enrolment code does not match this key: ask the person to read it again; nothing was registered.');
      return EXIT.rejected;
    }
    const admin = await connect(values, io, 'demo-admin');
    const key = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: enrolment.kid, alg: 'ES256' };
    const body = {
      name: values.name ?? clientId,
      kind: 'PERSON',
      displayRole: role,
      scopes: scopes.split(','),
      status: 'ACTIVE',
      keys: [key],
    };
    const response = await admin.request('PUT', `/v1/clients/${encodeURIComponent(clientId)}`, body);
    if (response.status >= 400) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    io.out(`enrolled ${clientId} (${role}): key ${enrolment.kid} (code ${enrolment.code}), scopes ${scopes}`);
    return EXIT.ok;
  },
};

async function publicKeyOf(text: string, cwd: string): Promise<EcPublicJwk> {
  let value: unknown;
  if (text.startsWith('@')) value = await readJsonFile(resolve(cwd, text.slice(1)), 'JWK file');
  else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError('--jwk is not valid JSON');
    }
  }
  const jwk = value as Partial<EcPublicJwk> & { d?: unknown };
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new UsageError('--jwk must be the P-256 public key the console showed');
  }
  if (jwk.d !== undefined) throw new UsageError('--jwk holds a private key: never send one anywhere');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
