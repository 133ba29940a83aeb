import { generateKeyPairSync, sign } from 'node:crypto';
import { ed25519RawFromSpki } from '../../../shared/audit/note.ts';
import type { Signer } from '../../../shared/audit/checkpoint.ts';

/** A node:crypto Ed25519 key standing in for the KMS checkpoint key. */
export interface TestKey {
  readonly publicKey: Uint8Array;
  readonly sign: Signer;
}

export function ed25519Key(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return {
    publicKey: ed25519RawFromSpki(spki),
    sign: (message) => Promise.resolve(new Uint8Array(sign(null, message, privateKey))),
  };
}
