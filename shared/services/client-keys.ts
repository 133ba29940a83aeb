import { calculateJwkThumbprint } from 'jose';
import type { RegisteredKey } from '../ports/client-registry.ts';
import type { KeyOwnership, RegistryStore } from '../registry/model.ts';
import type { PublicJwk } from '../schemas/admin.ts';
import { ValidationFailedError } from '../errors.ts';

type FieldIssue = { path: string; code: string; message: string };

/** RFC 7638 SHA-256 thumbprint: what identifies a key, whatever `kid` it is sent under. */
export function keyThumbprint(jwk: RegisteredKey['jwk'] | PublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk);
}

export interface KeyPlan {
  /** The client's keys after the change: the submitted ones active, every other one revoked. */
  readonly keys: RegisteredKey[];
  /** Ownership records to write with the change: new keys claimed, dropped keys revoked. */
  readonly ownership: KeyOwnership[];
}

/**
 * The keys of a client after a PUT (api.md §4.4). Keys left out are revoked, never deleted. A key
 * is its content: one revoked, or held by another client, is refused under any kid; a kid of
 * this client never changes its key; a request naming one kid or one key twice is refused.
 */
export async function planClientKeys(
  registry: Pick<RegistryStore, 'getKeyOwnership'>,
  owner: { readonly org: string; readonly clientId: string },
  existing: readonly RegisteredKey[],
  submitted: readonly PublicJwk[],
): Promise<KeyPlan> {
  const thumbprints = await Promise.all(submitted.map(keyThumbprint));
  const existingThumbprints = new Map(
    await Promise.all(existing.map(async (key) => [key.kid, await keyThumbprint(key.jwk)] as const)),
  );
  const owners = await Promise.all(thumbprints.map((thumbprint) => registry.getKeyOwnership(thumbprint)));
  const context = {
    kids: submitted.map((jwk) => jwk.kid),
    thumbprints,
    existingThumbprints,
    revokedHere: new Set(
      existing.filter((key) => key.status === 'REVOKED').map((key) => existingThumbprints.get(key.kid)!),
    ),
    self: owner,
  };
  const issues = submitted.flatMap((jwk, i) => keyIssues(jwk, i, { ...context, owner: owners[i] }));
  if (issues.length > 0) throw new ValidationFailedError(issues);

  const submittedKids = new Set(submitted.map((jwk) => jwk.kid));
  const dropped = existing.filter((key) => !submittedKids.has(key.kid));
  const keys: RegisteredKey[] = [
    ...submitted.map((jwk) => ({ kid: jwk.kid, status: 'ACTIVE' as const, jwk })),
    ...dropped.map((key) => ({ ...key, status: 'REVOKED' as const })),
  ];
  const claimed = submitted.flatMap((jwk, i) =>
    owners[i] ? [] : [ownership(owner, jwk.kid, thumbprints[i]!, 'ACTIVE')],
  );
  const revoked = dropped
    .filter((key) => key.status === 'ACTIVE')
    .map((key) => ownership(owner, key.kid, existingThumbprints.get(key.kid)!, 'REVOKED'));
  return { keys, ownership: [...claimed, ...revoked] };
}

export function ownership(
  owner: { org: string; clientId: string },
  kid: string,
  thumbprint: string,
  status: KeyOwnership['status'],
): KeyOwnership {
  return { thumbprint, org: owner.org, clientId: owner.clientId, kid, status };
}

interface KeyContext {
  readonly kids: readonly string[];
  readonly thumbprints: readonly string[];
  /** Keys this client had revoked, also those from before keys were indexed by content. */
  readonly revokedHere: ReadonlySet<string>;
  readonly existingThumbprints: ReadonlyMap<string, string>;
  readonly owner: KeyOwnership | undefined;
  readonly self: { readonly org: string; readonly clientId: string };
}

/** Why the i-th submitted key cannot be registered; fixed messages, never a value or an owner. */
function keyIssues(jwk: PublicJwk, i: number, context: KeyContext): FieldIssue[] {
  const thumbprint = context.thumbprints[i]!;
  const issues: FieldIssue[] = [];
  if (context.kids.indexOf(jwk.kid) !== i)
    issues.push({ path: `keys.${i}.kid`, code: 'KID_REPEATED', message: 'the same kid is sent twice' });
  if (context.thumbprints.indexOf(thumbprint) !== i)
    issues.push({ path: `keys.${i}`, code: 'KEY_REPEATED', message: 'the same key is sent twice' });
  const known = context.existingThumbprints.get(jwk.kid);
  if (known !== undefined && known !== thumbprint) {
    issues.push({
      path: `keys.${i}.kid`,
      code: 'KID_REUSED',
      message: 'this kid already names another key of this client; use a new kid',
    });
  }
  const { owner, self } = context;
  const ownedElsewhere = owner !== undefined && (owner.org !== self.org || owner.clientId !== self.clientId);
  if (owner?.status === 'REVOKED' || context.revokedHere.has(thumbprint) || ownedElsewhere) {
    // One message for both: which client holds or held the key is nobody else's business.
    issues.push({
      path: `keys.${i}`,
      code: 'KEY_UNAVAILABLE',
      message: 'this key was revoked or belongs to another client; generate a new key',
    });
  }
  return issues;
}
