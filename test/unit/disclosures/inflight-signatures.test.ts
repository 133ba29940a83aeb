/**
 * InFlightAuthorisation on its own: which signature answers a committed receipt, and how many
 * speculative signatures a decision may start. The signer is a function that records what it was
 * asked for (KMS itself is exercised in inflight-authorisation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../../shared/ports/audit-log.ts';
import { InFlightAuthorisation, speculationBudget } from '../../../shared/services/inflight-authorisation.ts';

const receiptAt = (index: number, entryId = 'E1'): Receipt => ({
  origin: 'gatekeeper.test/demo/patients/0',
  index,
  leafHash: `leaf-${entryId}-${index}`,
  entryId,
});

/** A signer whose token names the receipt it signed, counting every call. */
function recordingSigner() {
  const asked: Receipt[] = [];
  const sign = (receipt: Receipt) => {
    asked.push(receipt);
    return Promise.resolve(`token-for-${receipt.index}-${receipt.leafHash}`);
  };
  return { asked, sign };
}

describe('InFlightAuthorisation', () => {
  it('answers the committed receipt with the signature planned for it, signing once', async () => {
    // Prepare
    const { asked, sign } = recordingSigner();
    const inFlight = new InFlightAuthorisation(sign);

    // Act
    inFlight.planned(receiptAt(4));
    inFlight.planned(receiptAt(4));
    const token = await inFlight.committed(receiptAt(4));

    // Assess
    expect(token).toBe('token-for-4-leaf-E1-4');
    expect(asked).toEqual([receiptAt(4)]);
  });

  it.each([
    ['another index', receiptAt(5)],
    ['another leaf hash', { ...receiptAt(4), leafHash: 'other' }],
    ['another entry', receiptAt(4, 'E2')],
    ['another log', { ...receiptAt(4), origin: 'gatekeeper.test/demo/patients/1' }],
  ])('signs afresh when the committed receipt differs from the planned one in %s', async (_, committed) => {
    // Prepare
    const { asked, sign } = recordingSigner();
    const inFlight = new InFlightAuthorisation(sign);
    inFlight.planned(receiptAt(4));
    await Promise.resolve();

    // Act
    const token = await inFlight.committed(committed);

    // Assess
    expect(token).toBe(`token-for-${committed.index}-${committed.leafHash}`);
    expect(asked).toEqual([receiptAt(4), committed]);
  });

  it('starts at most two speculative signatures, then signs the committed receipt after the commit', async () => {
    // Prepare
    const { asked, sign } = recordingSigner();
    const inFlight = new InFlightAuthorisation(sign);

    // Act
    for (const index of [1, 2, 3, 4]) inFlight.planned(receiptAt(index));
    await Promise.resolve();
    const startedBeforeCommit = asked.length;
    const token = await inFlight.committed(receiptAt(4));

    // Assess
    expect(startedBeforeCommit).toBe(2);
    expect(token).toBe('token-for-4-leaf-E1-4');
    expect(asked.map((receipt) => receipt.index)).toEqual([1, 2, 4]);
  });

  it("shares its budget with the same request's later evaluations", async () => {
    // Prepare: a first evaluation planned twice, then lost its race.
    const { asked, sign } = recordingSigner();
    const budget = speculationBudget();
    const first = new InFlightAuthorisation(sign, budget);
    first.planned(receiptAt(1));
    first.planned(receiptAt(2));
    const next = new InFlightAuthorisation(sign, budget);

    // Act
    next.planned(receiptAt(3, 'E2'));
    await Promise.resolve();
    const startedBeforeCommit = asked.length;
    const token = await next.committed(receiptAt(3, 'E2'));

    // Assess
    expect(startedBeforeCommit).toBe(2);
    expect(token).toBe('token-for-3-leaf-E2-3');
    expect(asked).toHaveLength(3);
  });

  it('signs after the commit when nothing was planned (a log that announces nothing)', async () => {
    // Prepare
    const { asked, sign } = recordingSigner();

    // Act
    const token = await new InFlightAuthorisation(sign).committed(receiptAt(0));

    // Assess
    expect([token, asked.length]).toEqual(['token-for-0-leaf-E1-0', 1]);
  });
});
