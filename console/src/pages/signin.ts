/**
 * Sign-in (console.md §1): this browser makes its own key (ECDSA P-256, non-extractable, kept in
 * IndexedDB) and shows the public key and an enrolment code for an admin to register; or, in local
 * mode only, the demo's key files.
 */
import { enrolmentOf } from '../../../shared/client/enrolment.ts';
import type { ConsoleConfig } from '../config.ts';
import { field, h, show, statusMessage } from '../dom.ts';
import { saveIdentity, type Identity } from '../store.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * `pending`: a key this browser made that the gatekeeper does not accept yet. It is kept, and its
 * code shown again, so a person who asked too early still has the key their admin is enrolling.
 */
export function signInPage(
  root: Element,
  config: ConsoleConfig,
  done: () => void,
  notice?: string,
  pending?: Identity,
): void {
  show(
    root,
    h('h1', { tabindex: -1 }, 'Sign in to the Gatekeeper console'),
    notice ? statusMessage(notice, 'error') : null,
    enrolSection(config, done, pending),
    config.localDemo ? keyFileSection(config, done) : null,
  );
}

function enrolSection(config: ConsoleConfig, done: () => void, pending?: Identity): HTMLElement {
  const clientId = h('input', {
    name: 'clientId',
    required: true,
    autocomplete: 'username',
    pattern: '[A-Za-z0-9._~-]{1,128}',
    value: pending?.clientId,
  });
  const org = h('input', { name: 'org', required: true, value: pending?.org ?? config.defaultOrg });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'enrol-h' },
    h('h2', { id: 'enrol-h' }, 'Enrol this browser'),
    h(
      'p',
      {},
      'This browser makes a key that never leaves it. Give your admin the enrolment code and public key below.',
    ),
    field('Your client id', clientId),
    field('Organisation', org),
    h('button', { type: 'submit' }, 'Create my key'),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void createKey(clientId.value, org.value).then((identity) => showEnrolment(result, identity, done));
  });
  if (pending) void showEnrolment(result, pending, done);
  return form;
}

async function createKey(clientId: string, org: string): Promise<Identity> {
  // extractable: false makes the private key unreadable to any script, ours included.
  const pair = await crypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const { kid } = await enrolmentOf({ kty: 'EC', crv: 'P-256', x: x!, y: y! });
  const publicJwk = { kty: kty!, crv: crv!, x: x!, y: y!, kid, alg: 'ES256', use: 'sig' };
  const identity: Identity = {
    clientId,
    org,
    kid,
    privateKey: pair.privateKey,
    publicJwk,
    source: 'enrolled',
    active: false,
  };
  await saveIdentity(identity);
  return identity;
}

async function showEnrolment(result: Element, identity: Identity, done: () => void): Promise<void> {
  // The code is the key's own (its thumbprint), so it is the same however often it is shown.
  const { x, y } = identity.publicJwk;
  const { code } = await enrolmentOf({ kty: 'EC', crv: 'P-256', x: x!, y: y! });
  const jwk = JSON.stringify(identity.publicJwk);
  result.replaceChildren(
    h('p', {}, 'Enrolment code: ', h('strong', { class: 'code', 'data-testid': 'enrolment-code' }, code)),
    field(
      'Public key (give this to your admin)',
      h('textarea', { readonly: true, rows: 4, 'data-testid': 'public-jwk' }, jwk),
    ),
    h(
      'p',
      {},
      'Your admin runs: ',
      h(
        'code',
        {},
        `gatekeeper clients enrol --person ${identity.clientId} --code ${code} --role <role> --scopes <scopes> --jwk '<the public key>'`,
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        onclick: () => void saveIdentity({ ...identity, active: true }).then(done),
      },
      'My admin has enrolled my key',
    ),
  );
}

function keyFileSection(config: ConsoleConfig, done: () => void): HTMLElement {
  const file = h('input', { type: 'file', accept: '.json,application/json', name: 'keyFile', required: true });
  const org = h('input', { name: 'org', required: true, value: config.defaultOrg });
  const message = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card demo', 'aria-labelledby': 'demo-h' },
    h('h2', { id: 'demo-h' }, 'Local demo only: sign in with a demo key file'),
    h(
      'p',
      {},
      'Offered only by a gatekeeper running locally (npm start). Choose a file from .local/keys/, such as demo-auditor.private.jwk.json. The key is imported as non-extractable.',
    ),
    field('Demo key file', file),
    field('Organisation', org),
    h('button', { type: 'submit' }, 'Sign in with key file'),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    void importKeyFile(chosen, org.value)
      .then(saveIdentity)
      .then(done)
      .catch((error: unknown) => message.replaceChildren(statusMessage((error as Error).message, 'error')));
  });
  return form;
}

async function importKeyFile(file: File, org: string): Promise<Identity> {
  const jwk = JSON.parse(await file.text()) as JsonWebKey & { kid?: string; alg?: string };
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid) {
    throw new Error('This is not an ES256 private key file of a demo client.');
  }
  const clientId = file.name.replace(/\.private\.jwk\.json$/, '');
  const privateKey = await crypto.subtle.importKey('jwk', jwk, EC, false, ['sign']);
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid: jwk.kid, alg: 'ES256', use: 'sig' };
  return { clientId, org, kid: jwk.kid, privateKey, publicJwk, source: 'key-file', active: true };
}
