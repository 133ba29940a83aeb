/** Key lifecycle: CreateKey, DescribeKey, EnableKey, DisableKey, CreateAlias, ListAliases. */
import type { KmsContext, OperationHandler } from '../context.ts';
import { InvalidMarkerError, InvalidStateError, UnsupportedOperationError } from '../errors.ts';
import {
  ALL_KEY_SPECS,
  ALL_KEY_USAGES,
  ALL_ORIGINS,
  SPEC_RULES,
  checkSpecAndUsage,
  generateMaterial,
} from '../key-specs.ts';
import type { StoredKey } from '../key-store.ts';
import {
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalTags,
  requireString,
  type KmsRequest,
} from '../request.ts';

export function keyMetadata(context: KmsContext, key: StoredKey): object {
  const { store } = context;
  const rules = SPEC_RULES[key.keySpec];
  const state = store.stateOf(key);
  return {
    AWSAccountId: store.accountId,
    KeyId: key.keyId,
    Arn: store.arnOf(key),
    CreationDate: key.createdAt,
    Enabled: state === 'Enabled',
    Description: key.description,
    KeyUsage: rules.usage,
    KeyState: state,
    Origin: key.origin,
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: rules.encryptionAlgorithms,
    SigningAlgorithms: rules.signingAlgorithms,
    MacAlgorithms: rules.macAlgorithms,
    MultiRegion: false,
    ...(key.origin === 'EXTERNAL' ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : {}),
  };
}

const createKey: OperationHandler = async (context, request) => {
  const spec =
    optionalEnum(request, 'KeySpec', ALL_KEY_SPECS) ??
    optionalEnum(request, 'CustomerMasterKeySpec', ALL_KEY_SPECS) ??
    'SYMMETRIC_DEFAULT';
  const keySpec = checkSpecAndUsage(spec, optionalEnum(request, 'KeyUsage', ALL_KEY_USAGES));
  const origin = optionalEnum(request, 'Origin', ALL_ORIGINS) ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') {
    throw new UnsupportedOperationError(`Origin ${origin} is not supported by the local KMS.`);
  }
  const key = context.store.add({
    description: optionalString(request, 'Description') ?? '',
    keySpec,
    origin,
    tags: optionalTags(request),
    enabled: true,
    material: origin === 'AWS_KMS' ? generateMaterial(keySpec) : undefined,
  });
  await context.persist();
  return { KeyMetadata: keyMetadata(context, key) };
};

const describeKey: OperationHandler = (context, request) => ({
  KeyMetadata: keyMetadata(context, context.store.find(requireString(request, 'KeyId'))),
});

function setEnabled(enabled: boolean): OperationHandler {
  return async (context, request) => {
    const key = context.store.find(requireString(request, 'KeyId'));
    if (context.store.stateOf(key) === 'PendingImport') {
      throw new InvalidStateError(`${context.store.arnOf(key)} is pending import.`);
    }
    key.enabled = enabled;
    await context.persist();
    return {};
  };
}

const createAlias: OperationHandler = async (context, request) => {
  context.store.createAlias(requireString(request, 'AliasName', 256), requireString(request, 'TargetKeyId'));
  await context.persist();
  return {};
};

const listAliases: OperationHandler = (context, request: KmsRequest) => {
  const { store } = context;
  const keyId = optionalString(request, 'KeyId');
  const targetKeyId = keyId === undefined ? undefined : store.find(keyId).keyId;
  const limit = optionalInteger(request, 'Limit', 1, 100) ?? 50;
  const start = Number(optionalString(request, 'Marker') ?? '0');
  const all = [...store.aliases.values()]
    .filter((alias) => targetKeyId === undefined || alias.targetKeyId === targetKeyId)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw new InvalidMarkerError('Marker is not valid.');
  const page = all.slice(start, start + limit);
  const truncated = start + limit < all.length;
  return {
    Aliases: page.map((alias) => ({
      AliasName: alias.name,
      AliasArn: store.aliasArnOf(alias),
      TargetKeyId: alias.targetKeyId,
      CreationDate: alias.createdAt,
      LastUpdatedDate: alias.updatedAt,
    })),
    Truncated: truncated,
    ...(truncated ? { NextMarker: String(start + limit) } : {}),
  };
};

export const keyOperations: Readonly<Record<string, OperationHandler>> = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  EnableKey: setEnabled(true),
  DisableKey: setEnabled(false),
  CreateAlias: createAlias,
  ListAliases: listAliases,
};
