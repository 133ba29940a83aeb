import fc from 'fast-check';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { signingKeyList } from '../../../infra/constructs/crypto-keys.ts';
import type { SigningKeyVersions } from '../../../infra/constructs/crypto-keys.ts';
import { readSigningKeyGenerations } from '../../../infra/stacks/signing-key-generations.ts';
import { MAX_SIGNING_KEYS, parseSigningKeyRing } from '../../../shared/config/signing-key-ring.ts';

const KEY_ARN = /^arn:aws:kms:eu-west-2:111122223333:key\/gen-\d+$/;
const arnOf = (generation: number) => `arn:aws:kms:eu-west-2:111122223333:key/gen-${generation}`;

/** A checkpoint ring as an operator may configure it: every generation 1..n, any one active, the rest retired. */
const checkpointRing = fc.integer({ min: 1, max: MAX_SIGNING_KEYS }).chain((count) =>
  fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: count }, (_, index) => index + 1),
        { minLength: count, maxLength: count },
      ),
      fc.array(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }),
        {
          minLength: count,
          maxLength: count,
        },
      ),
    )
    .map(([generations, times]) =>
      generations.map((generation, index) =>
        index === 0 ? { generation } : { generation, retiredAt: times[index]!.toISOString() },
      ),
    ),
);

describe('gatekeeper:signingKeys and the environment the runtime reads', () => {
  it('every valid ring synthesises into a key list the runtime parses to the same keys, active first, with their retiredAt', () => {
    fc.assert(
      fc.property(checkpointRing, (ring) => {
        // Act
        const generations = readSigningKeyGenerations({ checkpoint: ring }).checkpoint;
        const versions = generations.map((g) => ({
          ...g,
          key: { keyArn: arnOf(g.generation) } as kms.IKey,
        })) as unknown as SigningKeyVersions;
        const parsed = parseSigningKeyRing(signingKeyList(versions), (value) => KEY_ARN.test(value));

        // Assess
        expect(parsed).toEqual({
          active: arnOf(ring[0]!.generation),
          retired: ring.slice(1).map((g) => ({ keyId: arnOf(g.generation), retiredAt: Date.parse(g.retiredAt!) })),
        });
      }),
    );
  });

  it('refuses any ring whose active generation carries a retiredAt', () => {
    fc.assert(
      fc.property(
        checkpointRing.filter((ring) => ring.length > 1),
        (ring) => {
          // Prepare
          const [active, retired, ...rest] = ring;

          // Act / Assess
          expect(() => readSigningKeyGenerations({ checkpoint: [retired, active, ...rest] })).toThrow(
            /active \(first\) generation a retiredAt/,
          );
        },
      ),
    );
  });

  it('leaves a purpose that is not configured at generation 1 only', () => {
    // Act / Assess
    expect(readSigningKeyGenerations(undefined)).toEqual({
      checkpoint: [{ generation: 1 }],
      authorisation: [{ generation: 1 }],
    });
    expect(readSigningKeyGenerations({ authorisation: [{ generation: 3 }] }).checkpoint).toEqual([{ generation: 1 }]);
  });

  it('lets authorisation generations past their JWKS lifetime leave the list (a gap), but never a checkpoint generation', () => {
    // Prepare
    const withGap = [{ generation: 3 }, { generation: 2, retiredAt: '2027-01-01T00:00:00Z' }];

    // Act / Assess
    expect(readSigningKeyGenerations({ authorisation: withGap }).authorisation).toEqual(withGap);
    expect(() => readSigningKeyGenerations({ checkpoint: withGap })).toThrow(
      /checkpoint must keep every generation from 1 to 3/,
    );
  });

  it(`refuses more than ${MAX_SIGNING_KEYS} generations, as the runtime would`, () => {
    // Prepare
    const tooMany = Array.from({ length: MAX_SIGNING_KEYS + 1 }, (_, index) =>
      index === 0
        ? { generation: MAX_SIGNING_KEYS + 1 }
        : { generation: MAX_SIGNING_KEYS + 1 - index, retiredAt: '2027-01-01T00:00:00Z' },
    );

    // Act / Assess
    expect(() => readSigningKeyGenerations({ checkpoint: tooMany })).toThrow(
      /checkpoint lists more than 8 generations/,
    );
  });
});
