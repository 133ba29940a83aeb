/**
 * The keys and aliases of one local KMS, and how a KeyId (key id, key ARN, alias name or alias ARN)
 * finds its key. Holds key material in memory only; state-file.ts decides what reaches disk.
 */
import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  DisabledError,
  InvalidAliasNameError,
  InvalidStateError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
import type { KeySpec, Origin } from './key-specs.ts';

export interface Tag {
  readonly TagKey: string;
  readonly TagValue: string;
}

export interface StoredKey {
  readonly keyId: string;
  readonly createdAt: number;
  readonly description: string;
  readonly keySpec: KeySpec;
  readonly origin: Origin;
  readonly tags: readonly Tag[];
  enabled: boolean;
  /** Raw secret (HMAC, AES) or PKCS8 DER (key pairs); undefined while an EXTERNAL key awaits import. */
  material: Buffer | undefined;
}

export interface StoredAlias {
  readonly name: string;
  readonly targetKeyId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type KeyState = 'Enabled' | 'Disabled' | 'PendingImport';

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export class KeyStore {
  readonly region: string;
  readonly accountId: string;
  readonly keys = new Map<string, StoredKey>();
  readonly aliases = new Map<string, StoredAlias>();

  constructor(region: string, accountId: string) {
    this.region = region;
    this.accountId = accountId;
  }

  arnOf(key: StoredKey): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${key.keyId}`;
  }

  aliasArnOf(alias: StoredAlias): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${alias.name}`;
  }

  stateOf(key: StoredKey): KeyState {
    if (key.material === undefined) return 'PendingImport';
    return key.enabled ? 'Enabled' : 'Disabled';
  }

  add(fields: Omit<StoredKey, 'keyId' | 'createdAt'>): StoredKey {
    const key: StoredKey = { ...fields, keyId: randomUUID(), createdAt: nowSeconds() };
    this.keys.set(key.keyId, key);
    return key;
  }

  /** Any of the four KeyId forms KMS accepts. */
  find(keyId: string): StoredKey {
    const reference = this.stripOwnArnPrefix(keyId);
    const target = reference.startsWith('alias/') ? this.aliases.get(reference)?.targetKeyId : reference;
    const key = target === undefined ? undefined : this.keys.get(target);
    if (!key) throw new NotFoundError(`Key '${keyId}' does not exist`);
    return key;
  }

  /** A key a cryptographic operation may use right now. */
  findUsable(keyId: string): StoredKey {
    const key = this.find(keyId);
    const state = this.stateOf(key);
    if (state === 'Disabled') throw new DisabledError(`${this.arnOf(key)} is disabled.`);
    if (state === 'PendingImport') throw new InvalidStateError(`${this.arnOf(key)} is pending import.`);
    return key;
  }

  createAlias(name: string, targetKeyId: string): StoredAlias {
    if (!ALIAS_NAME.test(name)) throw new ValidationError(`Alias name '${name}' is not valid.`);
    if (name.startsWith('alias/aws/'))
      throw new InvalidAliasNameError('Alias names starting with alias/aws/ are reserved.');
    if (this.aliases.has(name))
      throw new AlreadyExistsError(`An alias with the name ${this.aliasArnOfName(name)} already exists`);
    // KMS takes a key id or key ARN here, never another alias.
    if (this.stripOwnArnPrefix(targetKeyId).startsWith('alias/')) {
      throw new ValidationError('TargetKeyId must be a key id or key ARN.');
    }
    const key = this.find(targetKeyId);
    const now = nowSeconds();
    const alias: StoredAlias = { name, targetKeyId: key.keyId, createdAt: now, updatedAt: now };
    this.aliases.set(name, alias);
    return alias;
  }

  private aliasArnOfName(name: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${name}`;
  }

  /** `arn:aws:kms:<region>:<account>:key/<id>` → `<id>`; an ARN of another region or account finds nothing. */
  private stripOwnArnPrefix(keyId: string): string {
    if (!keyId.startsWith('arn:')) return keyId;
    const match = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/.exec(keyId);
    if (!match || match[1] !== this.region || match[2] !== this.accountId) {
      throw new NotFoundError(`Key '${keyId}' does not exist`);
    }
    const resource = match[3]!;
    return resource.startsWith('key/') ? resource.slice('key/'.length) : resource;
  }
}
