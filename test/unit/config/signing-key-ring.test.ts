import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/config/config.ts';
import { MAX_SIGNING_KEYS, parseSigningKeyRing } from '../../../shared/config/signing-key-ring.ts';

const ARN = (n: number) =>
  `arn:aws:kms:eu-west-2:111122223333:key/${n.toString(16).padStart(8, '0')}-1111-2222-3333-444455556666`;
const isKeyId = (value: string) => /^(arn:aws:kms:|alias\/)/.test(value);

const baseEnvironment = {
  GK_DEPLOYMENT: 'gatekeeper.test',
  GK_AUDIENCE: 'gatekeeper-test',
  GK_TABLE_REGISTRY: 'reg',
  GK_TABLE_REPLAY: 'rep',
  GK_TABLE_RECORDS: 'rec',
  GK_TABLE_IDEMPOTENCY: 'idem',
  GK_TABLE_AUDIT: 'aud',
  GK_TABLE_AUDIT_HEADS: 'heads',
  GK_KEY_PSEUDONYM_PHIN: 'alias/gatekeeper/pseudonym-phin',
  GK_KEY_PSEUDONYM_AUDIT: 'alias/gatekeeper/pseudonym-audit',
  GK_KEY_CHECKPOINT: 'alias/gatekeeper/checkpoint',
  GK_KEY_AUTHORISATION: 'alias/gatekeeper/authorisation',
};

describe('parseSigningKeyRing', () => {
  it('one key id is the active key with nothing retired (the configuration before any rotation)', () => {
    // Act / Assess
    expect(parseSigningKeyRing(ARN(1), isKeyId)).toEqual({ active: ARN(1), retired: [] });
  });

  it('a rotated list: the first key signs, the others are retired at their time', () => {
    // Act
    const ring = parseSigningKeyRing(
      `${ARN(3)}, ${ARN(2)}@2026-12-01T00:00:00Z,alias/old@2026-06-01T12:30:00.500Z`,
      isKeyId,
    );
    // Assess
    expect(ring).toEqual({
      active: ARN(3),
      retired: [
        { keyId: ARN(2), retiredAt: Date.UTC(2026, 11, 1) },
        { keyId: 'alias/old', retiredAt: Date.UTC(2026, 5, 1, 12, 30, 0, 500) },
      ],
    });
  });

  it.each([
    ['', 'empty'],
    [`${ARN(1)},`, 'empty'],
    [`${ARN(1)}@2026-12-01T00:00:00Z`, 'active_retired'],
    [`${ARN(1)},${ARN(2)}`, 'retired_without_time'],
    [`${ARN(1)},${ARN(2)}@yesterday`, 'bad_time'],
    [`${ARN(1)},${ARN(2)}@2026-12-01`, 'bad_time'],
    [`${ARN(1)},${ARN(2)}@2026-13-01T00:00:00Z`, 'bad_time'],
    [`${ARN(1)},${ARN(2)}@2026-02-30T00:00:00Z`, 'bad_time'],
    [`${ARN(1)},${ARN(2)}@2026-12-01T00:00:00+01:00`, 'bad_time'],
    ['0b0b0b0b0b0b0b0b', 'bad_key_id'],
    [`${ARN(1)},0b0b@2026-12-01T00:00:00Z`, 'bad_key_id'],
    [`${ARN(1)},${ARN(1)}@2026-12-01T00:00:00Z`, 'duplicate'],
    [
      [ARN(0), ...Array.from({ length: MAX_SIGNING_KEYS }, (_, i) => `${ARN(i + 1)}@2026-12-01T00:00:00Z`)].join(','),
      'too_many',
    ],
  ])('%s is refused as %s', (text, problem) => {
    // Act / Assess
    expect(parseSigningKeyRing(text, isKeyId)).toEqual({ problem });
  });

  it('any well-formed ring written out parses back to itself (property)', () => {
    // Prepare
    const ring = fc
      .uniqueArray(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: MAX_SIGNING_KEYS })
      .chain((ids) =>
        fc
          .array(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2100, 0, 1) }), {
            minLength: ids.length - 1,
            maxLength: ids.length - 1,
          })
          .map((times) => ({
            active: ARN(ids[0]!),
            retired: times.map((retiredAt, i) => ({ keyId: ARN(ids[i + 1]!), retiredAt })),
          })),
      );
    // Act / Assess
    fc.assert(
      fc.property(ring, (expected) => {
        const text = [
          expected.active,
          ...expected.retired.map((key) => `${key.keyId}@${new Date(key.retiredAt).toISOString()}`),
        ].join(',');
        expect(parseSigningKeyRing(text, isKeyId)).toEqual(expected);
      }),
    );
  });
});

describe('parseConfig signing keys', () => {
  it('reads both purposes as rings, the pre-rotation single id included', () => {
    // Prepare
    const environment = {
      ...baseEnvironment,
      GK_KEY_AUTHORISATION: `${ARN(2)},alias/gatekeeper/authorisation@2026-12-05T12:00:00Z`,
    };
    // Act
    const { keys } = parseConfig(environment);
    // Assess
    expect(keys.checkpoint).toEqual({ active: 'alias/gatekeeper/checkpoint', retired: [] });
    expect(keys.authorisation).toEqual({
      active: ARN(2),
      retired: [{ keyId: 'alias/gatekeeper/authorisation', retiredAt: Date.UTC(2026, 11, 5, 12) }],
    });
    expect(Object.isFrozen(keys.authorisation.retired[0])).toBe(true);
  });

  it('a malformed list stops the function at start-up, naming the variable and the problem but never the value', () => {
    // Prepare
    const secretLooking = '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b';
    // Act
    const attempt = () =>
      parseConfig({
        ...baseEnvironment,
        GK_KEY_CHECKPOINT: `alias/gatekeeper/checkpoint,${secretLooking}@2026-12-01T00:00:00Z`,
      });
    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('GK_KEY_CHECKPOINT (bad_key_id)');
    expect(attempt).not.toThrow(secretLooking);
  });
});
