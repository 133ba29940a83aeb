/**
 * Keeps the local KMS's keys across restarts, so a developer's pseudonyms and checkpoint signatures
 * stay stable. The file holds private key material: it is written 0600, atomically (temp + rename),
 * so a crash mid-write never leaves a half file that would lose every key.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { KeyStore } from './key-store.ts';

const tagSchema = z.object({ TagKey: z.string(), TagValue: z.string() });
const stateSchema = z.object({
  version: z.literal(1),
  keys: z.array(
    z.object({
      keyId: z.string(),
      createdAt: z.number(),
      description: z.string(),
      keySpec: z.enum(['HMAC_256', 'ECC_NIST_P256', 'ECC_NIST_EDWARDS25519', 'SYMMETRIC_DEFAULT']),
      origin: z.enum(['AWS_KMS', 'EXTERNAL']),
      tags: z.array(tagSchema),
      enabled: z.boolean(),
      material: z.string().optional(),
    }),
  ),
  aliases: z.array(
    z.object({ name: z.string(), targetKeyId: z.string(), createdAt: z.number(), updatedAt: z.number() }),
  ),
});

export async function loadState(store: KeyStore, path: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const state = stateSchema.parse(JSON.parse(text));
  for (const key of state.keys) {
    const material = key.material === undefined ? undefined : Buffer.from(key.material, 'base64');
    store.keys.set(key.keyId, { ...key, material });
  }
  for (const alias of state.aliases) store.aliases.set(alias.name, alias);
}

export async function saveState(store: KeyStore, path: string): Promise<void> {
  const state: z.infer<typeof stateSchema> = {
    version: 1,
    keys: [...store.keys.values()].map((key) => ({
      keyId: key.keyId,
      createdAt: key.createdAt,
      description: key.description,
      keySpec: key.keySpec,
      origin: key.origin,
      tags: [...key.tags],
      enabled: key.enabled,
      material: key.material?.toString('base64'),
    })),
    aliases: [...store.aliases.values()],
  };
  const temporary = `${path}.${randomUUID()}.tmp`;
  // A fresh .local/ has no kms/ folder yet; only its owner may list it.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(temporary, path);
}
