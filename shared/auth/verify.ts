import { DependencyUnavailableError, GatekeeperError } from '../errors.ts';
import { canonicalize } from '../canonical-json.ts';
import type { ClientRecord, ClientRegistry, RegisteredKey, ReplayStore, Scope } from '../ports/client-registry.ts';
import type { KnownClients } from './known-clients.ts';
import type { AdmissionRead } from './admission-read.ts';
import type { Clock } from '../ports/clock.ts';
import { PayloadTooLargeError, SignatureRejectedError, UnsupportedMediaTypeError } from './errors.ts';
import { extractToken, parseToken, type ParsedToken } from './token.ts';
import { REPLAY_RETENTION_AFTER_EXP_S } from './claims.ts';
import { checkClientAndKey, checkRequest, type CheckedRequest, type SignedRequestInput } from './request-checks.ts';
import { checkMediaType, maxBodyBytes } from './limits.ts';
import { idSchema } from '../schemas/ids.ts';

export type { SignedRequestInput } from './request-checks.ts';

export interface VerifierDeps {
  readonly registry: ClientRegistry;
  readonly replay: ReplayStore;
  readonly clock: Clock;
  /** The deployment's configured audience string (local: `gatekeeper-local`). */
  readonly audience: string;
  /** The records last read: the signature is checked while this request's own read is in flight. */
  readonly knownClients?: KnownClients;
}

/** Who is calling, as established by a verified signature and the server-side registry. */
export interface VerifiedCaller {
  readonly clientId: string;
  readonly org: string;
  readonly kid: string;
  readonly jti: string;
  /** From the registry, never from the token (api.md §3). */
  readonly scopes: readonly Scope[];
}

/**
 * Verifies a signed request in exactly the order of api.md §1 and stops at the first failure.
 * Registry and replay store failures fail closed as `dependency_unavailable`.
 *
 * Every request is admitted on a strongly consistent registry read made for it, so a revocation
 * takes effect at once. With `knownClients`, that read starts before the signature is checked
 * against the record last read, and the replay put goes out while it is still in flight: two round
 * trips in series become one. The answer is the one the read alone would give: when the read no
 * longer registers the same active key, or the early checks fail, every check is made again, in
 * order, against what was read. An operation's `readAlong` may carry that read (admission-read.ts):
 * then the signature is checked against the record last read first, and the operation's read
 * brings the client's record with its own data.
 */
export async function verifySignedRequest(input: SignedRequestInput, deps: VerifierDeps): Promise<VerifiedCaller> {
  return (await beginSignedRequest(input, deps)).admitted;
}

/** A request whose checks before the replay store passed, on its way to being admitted. */
export interface PendingAdmission {
  /**
   * The caller as checked so far (its scopes from the record last read, when this request's own
   * read is still in flight). Nothing may be written or answered for it before `admitted`.
   */
  readonly caller: VerifiedCaller;
  /** The caller as admitted, once the registry read and the replay store answered; or the refusal. */
  readonly admitted: Promise<VerifiedCaller>;
  /** Until when the replay store keeps this request's jti (its `exp` plus the retention). */
  readonly replayExpiresAtMs: number;
}

export interface AdmissionOptions {
  /**
   * Admit on the registry read alone and leave the jti to the caller, who records it in the
   * transaction of the change it makes or on its own before answering (deferred-replay.ts).
   */
  readonly deferReplay?: boolean;
  /**
   * The operation's own read, to carry the client's record when the request's signature verified
   * against the record last read (admission-read.ts): the client is then read with it, not alone.
   */
  readonly readAlong?: AdmissionRead;
}

/**
 * `verifySignedRequest` in two steps, for an operation that reads while its request is being
 * admitted: resolves once every check before the replay store passed, with the admission still in
 * flight. Refusals in the first step and in `admitted` are the ones `verifySignedRequest` gives.
 */
export async function beginSignedRequest(
  input: SignedRequestInput,
  deps: VerifierDeps,
  options: AdmissionOptions = {},
): Promise<PendingAdmission> {
  if (input.body.byteLength > maxBodyBytes(input.path)) throw new PayloadTooLargeError();
  if (!checkMediaType(input.contentType, input.body.byteLength)) throw new UnsupportedMediaTypeError();

  const token = parseToken(extractToken(input.authorization));
  const known = deps.knownClients?.find(token.unverifiedOrg, token.unverifiedClientId, token.kid);
  if (known && options.readAlong) {
    // Checked first, so the read that carries the client goes out only for a verified signature.
    const early = await checkRequest(known, token, input, expectations(deps)).catch(() => undefined);
    if (early) {
      const registered = readClient(token, deps, options.readAlong);
      registered.catch(ignore); // awaited by admitEarly, after the replay put went out
      return pending(early, admitEarly(early, token, input, registered, deps, options));
    }
  }
  const registered = readClient(token, deps);
  if (known && !options.readAlong) {
    registered.catch(ignore); // awaited below, once the local checks are done
    const early = await checkRequest(known, token, input, expectations(deps)).catch(() => undefined);
    if (early) return pending(early, admitEarly(early, token, input, registered, deps, options));
  }
  const checked = await checkRequest(await registered, token, input, expectations(deps));
  return pending(
    checked,
    rememberUnlessDeferred(checked, deps, options).then((fresh) => admit(checked, fresh)),
  );
}

function pending(checked: CheckedRequest, admitted: Promise<VerifiedCaller>): PendingAdmission {
  admitted.catch(ignore); // the caller's to await; a refusal before then is not an unhandled rejection
  return { caller: callerOf(checked), admitted, replayExpiresAtMs: replayExpiryOf(checked) };
}

/**
 * Looked up by (org, iss) as the token names them: a client of another org is not found, so no
 * answer can tell whether another org uses this id (api.md §4.4). Read on its own, or with the
 * operation's read (`along`); either way strongly consistent, and what was read is remembered.
 */
function readClient(token: ParsedToken, deps: VerifierDeps, along?: AdmissionRead): Promise<ClientRecord | undefined> {
  const { unverifiedOrg: org, unverifiedClientId: clientId } = token;
  if (!isId(org) || !isId(clientId)) return Promise.resolve(undefined);
  const read = along ? () => along.readClient(org, clientId) : () => deps.registry.getClient(org, clientId);
  return dependency(read).then((record) => {
    deps.knownClients?.note(org, clientId, record);
    return record;
  });
}

/**
 * The request passed every check against the record last read: its replay put goes out now,
 * beside this request's own registry read. Admitted only on what that read says: the same key,
 * still active, of an active client (else every check again, against the read), then a fresh jti.
 */
async function admitEarly(
  early: CheckedRequest,
  token: ParsedToken,
  input: SignedRequestInput,
  registered: Promise<ClientRecord | undefined>,
  deps: VerifierDeps,
  options: AdmissionOptions,
): Promise<VerifiedCaller> {
  const fresh = rememberUnlessDeferred(early, deps, options);
  fresh.catch(ignore); // awaited below, after the registry's answer, which comes first in api.md order
  const current = await registered;
  const checked = registersSameKey(current, early.key)
    ? { ...early, client: checkClientAndKey(current, token).client }
    : await checkRequest(current, token, input, expectations(deps));
  return admit(checked, await fresh);
}

/** Remembered only after the signature verified, so strangers cannot fill the store. */
function rememberUnlessDeferred(checked: CheckedRequest, deps: VerifierDeps, options: AdmissionOptions) {
  if (options.deferReplay) return Promise.resolve(true);
  const { client, claims } = checked;
  return dependency(() => deps.replay.remember(client.org, client.clientId, claims.jti, replayExpiryOf(checked)));
}

function replayExpiryOf({ claims }: CheckedRequest): number {
  return (claims.exp + REPLAY_RETENTION_AFTER_EXP_S) * 1000;
}

/** The verified caller, with its scopes from the registry read made for this request. */
function admit(checked: CheckedRequest, fresh: boolean): VerifiedCaller {
  if (!fresh) throw new SignatureRejectedError('replayed_request', { verifiedClientId: checked.client.clientId });
  return callerOf(checked);
}

function callerOf({ client, claims, key }: CheckedRequest): VerifiedCaller {
  return Object.freeze({
    clientId: client.clientId,
    org: client.org,
    kid: key.kid,
    jti: claims.jti,
    scopes: client.scopes,
  });
}

/** The read registers a key of this kid with exactly this public key (a kid names its content). */
function registersSameKey(current: ClientRecord | undefined, key: RegisteredKey): boolean {
  const registered = current?.keys.find((candidate) => candidate.kid === key.kid);
  return registered !== undefined && canonicalize(registered.jwk) === canonicalize(key.jwk);
}

/** What the claims are checked against: this deployment's audience and the time now. */
function expectations(deps: VerifierDeps): { audience: string; nowMs: number } {
  return { audience: deps.audience, nowMs: deps.clock.now() };
}

function ignore(): void {}

/** Only a registrable id can name a client: anything else is unknown without asking the store. */
function isId(value: string): boolean {
  return idSchema.safeParse(value).success;
}

/** Any failure of a store is `dependency_unavailable` (503): we fail closed, never open. */
async function dependency<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatekeeperError) throw error;
    throw new DependencyUnavailableError('A request verification store is unavailable', { cause: error });
  }
}
