/**
 * Creates the gatekeeper's KMS keys on a fresh local KMS (or any KMS) and is safe to run on every
 * start: an alias that already exists is reused, so keys, pseudonyms and signatures stay stable.
 */
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  type KeySpec,
  type KeyUsageType,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { KeySpecMismatchError } from './errors.ts';

export interface GatekeeperKeyIds {
  readonly pseudonymPhin: string;
  readonly pseudonymAudit: string;
  readonly checkpoint: string;
  readonly authorisation: string;
  readonly data: string;
}

interface WantedKey {
  readonly alias: string;
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsageType;
  readonly description: string;
}

export const GATEKEEPER_KEYS: Readonly<Record<keyof GatekeeperKeyIds, WantedKey>> = {
  pseudonymPhin: {
    alias: 'alias/gatekeeper/pseudonym-phin',
    keySpec: 'HMAC_256',
    keyUsage: 'GENERATE_VERIFY_MAC',
    description: 'Gatekeeper PHIN pseudonyms',
  },
  pseudonymAudit: {
    alias: 'alias/gatekeeper/pseudonym-audit',
    keySpec: 'HMAC_256',
    keyUsage: 'GENERATE_VERIFY_MAC',
    description: 'Gatekeeper audit pseudonyms',
  },
  checkpoint: {
    alias: 'alias/gatekeeper/checkpoint',
    keySpec: 'ECC_NIST_EDWARDS25519',
    keyUsage: 'SIGN_VERIFY',
    description: 'Gatekeeper checkpoint signing',
  },
  authorisation: {
    alias: 'alias/gatekeeper/authorisation',
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    description: 'Gatekeeper disclosure authorisations',
  },
  data: {
    alias: 'alias/gatekeeper/data',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    description: 'Gatekeeper data encryption',
  },
};

async function existingAliases(client: KMSClient): Promise<Set<string>> {
  const names = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await client.send(new ListAliasesCommand({ Marker: marker, Limit: 100 }));
    for (const alias of page.Aliases ?? []) if (alias.AliasName) names.add(alias.AliasName);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return names;
}

/** The ARN behind an alias, refusing an alias that names a key of another spec. */
async function arnOfAlias(client: KMSClient, wanted: WantedKey): Promise<string> {
  const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: wanted.alias }));
  if (!metadata?.Arn || metadata.KeySpec !== wanted.keySpec) {
    throw new KeySpecMismatchError(`${wanted.alias} does not name a ${wanted.keySpec} key.`);
  }
  return metadata.Arn;
}

async function createAliased(client: KMSClient, wanted: WantedKey): Promise<string> {
  const created = await client.send(
    new CreateKeyCommand({
      KeySpec: wanted.keySpec,
      KeyUsage: wanted.keyUsage,
      Description: wanted.description,
      Tags: [{ TagKey: 'application', TagValue: 'gatekeeper' }],
    }),
  );
  try {
    await client.send(new CreateAliasCommand({ AliasName: wanted.alias, TargetKeyId: created.KeyMetadata?.KeyId }));
  } catch (error) {
    // Another provisioner won the race: use its key so everybody agrees on one.
    if (!(error instanceof AlreadyExistsException)) throw error;
  }
  return arnOfAlias(client, wanted);
}

export async function provisionGatekeeperKeys(client: KMSClient): Promise<GatekeeperKeyIds> {
  const aliases = await existingAliases(client);
  const arnOf = (wanted: WantedKey): Promise<string> =>
    aliases.has(wanted.alias) ? arnOfAlias(client, wanted) : createAliased(client, wanted);
  return {
    pseudonymPhin: await arnOf(GATEKEEPER_KEYS.pseudonymPhin),
    pseudonymAudit: await arnOf(GATEKEEPER_KEYS.pseudonymAudit),
    checkpoint: await arnOf(GATEKEEPER_KEYS.checkpoint),
    authorisation: await arnOf(GATEKEEPER_KEYS.authorisation),
    data: await arnOf(GATEKEEPER_KEYS.data),
  };
}

/**
 * A further key for a signing purpose (a key rotation's new key, docs/key-rotation.md), created
 * once under `alias` with the purpose's key spec and reused on every later start, like the others.
 */
export async function provisionSigningKey(
  client: KMSClient,
  purpose: 'checkpoint' | 'authorisation',
  alias: string,
): Promise<string> {
  const wanted = {
    ...GATEKEEPER_KEYS[purpose],
    alias,
    description: `${GATEKEEPER_KEYS[purpose].description} (rotated)`,
  };
  return (await existingAliases(client)).has(alias) ? arnOfAlias(client, wanted) : createAliased(client, wanted);
}
