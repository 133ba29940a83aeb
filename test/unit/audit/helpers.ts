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

/** Deterministic ULIDs for fixtures (Crockford base32, 26 characters). */
export function ulidOf(n: number): string {
  return `01JD${n
    .toString(32)
    .toUpperCase()
    .replace(/[ILOU]/g, 'Z')
    .padStart(22, '0')}`;
}

const DIGEST = `sha-256=:${Buffer.alloc(32, 7).toString('base64')}:`;
export const POLICY_DIGEST = `sha-256=:${Buffer.alloc(32, 9).toString('base64')}:`;

const base = (origin: string, n: number) => ({
  v: 'gk-audit/1' as const,
  origin,
  id: ulidOf(n),
  time: new Date(Date.UTC(2026, 10, 22, 7, 0, 0, n)).toISOString(),
  org: 'demo',
  actor: { clientId: 'demo-records', kid: 'k1', jti: `jti-${n}` },
  request: { requestId: `req-${n}`, digest: DIGEST },
});

export function consentEntry(
  origin: string,
  n: number,
  type: 'given' | 'withdrawn',
  consentId: string,
  patient = 'MRN-1',
) {
  return {
    ...base(origin, n),
    type: `record.consent.${type}` as const,
    patient: { ref: patient },
    records: { version: n },
    record: { consentId, scope: 'INSURER_CLAIM', status: 'GIVEN', form: 'WRITTEN' },
  };
}

export function decisionEntry(
  origin: string,
  n: number,
  consentId?: string,
  policyDigest = POLICY_DIGEST,
  patient = 'MRN-1',
) {
  return {
    ...base(origin, n),
    type: 'disclosure.decision' as const,
    patient: { ref: patient, key: 'v1.abc' },
    records: { version: n },
    decision: {
      outcome: 'ALLOW_WITH_REDACTION' as const,
      reasonCodes: [
        consentId === undefined ? 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT' : 'ALLOW_EXPLICIT_CONSENT',
        'REDACT_MINIMISATION',
      ],
      obligations: [],
      basis:
        consentId === undefined
          ? { source: 'ROPA' as const, art6: 'e', art9: 'h' }
          : { source: 'PATIENT_CONSENT' as const, recordId: consentId, art6: 'b', art9: 'a' },
      flow: consentId === undefined ? 'gp-direct-care' : 'insurer-payment',
      recipient: { id: 'ins-acme-health', category: 'INSURER' },
      purpose: 'PAYMENT',
      subPurpose: 'CLAIM',
      jurisdiction: 'UK-ENG',
      episodeId: 'EP-1',
      transformations: [{ path: 'narrative.notes', action: 'DROPPED', reason: 'REDACT_FREE_TEXT', count: 1 }],
      payloadDigest: DIGEST,
      policy: { id: 'uk-default', version: '2026.1', digest: policyDigest },
    },
  };
}

export function auditReadEntry(origin: string, n: number) {
  return { ...base(origin, n), type: 'audit.read' as const, query: { type: 'disclosure.decision', limit: 50 } };
}
