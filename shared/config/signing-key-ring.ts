/**
 * The asymmetric signing keys of one purpose (checkpoint or authorisation), as configured:
 *
 *   GK_KEY_CHECKPOINT=<active key id>[,<retired key id>@<retiredAt ISO 8601 UTC>]...
 *
 * KMS cannot rotate asymmetric keys in place, so a rotation is a new KMS key put first in this list,
 * with the previous one kept behind it and the time after which it signs nothing more. The active
 * key signs; a retired key stays published (authorisations: until `retiredAt` plus their lifetime;
 * checkpoints: for ever), and a retired checkpoint key co-signs checkpoints until `retiredAt`, so
 * auditors who trust it can learn the new key from a checkpoint signed by both (key-rotation.md).
 */

export interface RetiredSigningKey {
  readonly keyId: string;
  /** Epoch milliseconds after which this key signs nothing. */
  readonly retiredAt: number;
}

export interface SigningKeyRing {
  readonly active: string;
  /** Newest retirement first, as configured. */
  readonly retired: readonly RetiredSigningKey[];
}

/** Bounds the list: every key is one more KMS GetPublicKey per cold start. */
export const MAX_SIGNING_KEYS = 8;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

export type KeyRingProblem =
  'empty' | 'too_many' | 'active_retired' | 'retired_without_time' | 'bad_time' | 'bad_key_id' | 'duplicate';

/**
 * Parses a key list; `isKeyId` checks each key reference. Returns the problem, never the value
 * (key ARNs stay out of error messages and logs).
 */
export function parseSigningKeyRing(
  text: string,
  isKeyId: (value: string) => boolean,
): SigningKeyRing | { problem: KeyRingProblem } {
  const items = text.split(',').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item === '')) return { problem: 'empty' };
  if (items.length > MAX_SIGNING_KEYS) return { problem: 'too_many' };
  const [activeText, ...retiredTexts] = items as [string, ...string[]];
  if (activeText.includes('@')) return { problem: 'active_retired' };
  if (!isKeyId(activeText)) return { problem: 'bad_key_id' };
  const retired: RetiredSigningKey[] = [];
  for (const item of retiredTexts) {
    const at = item.indexOf('@');
    if (at < 0) return { problem: 'retired_without_time' };
    const keyId = item.slice(0, at);
    const time = item.slice(at + 1);
    if (!isKeyId(keyId)) return { problem: 'bad_key_id' };
    const retiredAt = ISO_UTC.test(time) ? Date.parse(time) : Number.NaN;
    // Date.parse rolls 2026-02-30 over to March: a date that does not exist is a typo, refused.
    if (!Number.isFinite(retiredAt) || new Date(retiredAt).toISOString().slice(0, 10) !== time.slice(0, 10))
      return { problem: 'bad_time' };
    retired.push({ keyId, retiredAt });
  }
  const ids = [activeText, ...retired.map((key) => key.keyId)];
  if (new Set(ids).size !== ids.length) return { problem: 'duplicate' };
  return { active: activeText, retired };
}
