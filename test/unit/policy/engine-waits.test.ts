/**
 * Issue 15: inside the engine a stage returns its value, and a Promise only where the pseudonymise
 * port is called. The public `decide()` keeps its shape whatever path a decision takes: always a
 * Promise, and anything thrown on the way is its rejection, never a synchronous throw.
 */
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../shared/policy/engine.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { fullPayload, input, records, request } from './fixtures.ts';
import { ENGINE_SCENARIOS } from '../../../bench/decision-scenarios.ts';

/** P06 (GP direct care) without a national number: nothing to compare, nothing pseudonymised. */
function withoutNhsNumber(): DecisionInput {
  const payload = fullPayload();
  const { nhsNumber: _dropped, ...patient } = payload.patient!;
  return input({ request: request({ payload: { ...payload, patient } }) });
}

function countingPort(base: DecisionInput): { input: DecisionInput; calls: () => number } {
  let calls = 0;
  return {
    input: {
      ...base,
      pseudonymise: (...call) => {
        calls += 1;
        return base.pseudonymise(...call);
      },
    },
    calls: () => calls,
  };
}

describe('decide() waits only for the pseudonymise port', () => {
  it('answers a release that computes no pseudonym as a Promise, without asking the port', async () => {
    // Prepare
    const { input: decisionInput, calls } = countingPort(withoutNhsNumber());

    // Act
    const pending = decide(decisionInput);
    const decision = await pending;

    // Assess
    expect(pending).toBeInstanceOf(Promise);
    expect(calls()).toBe(0);
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
  });

  it('goes on with the steps after a pseudonym it waited for', async () => {
    // Prepare: the payload's NHS number is compared with the registered key through the port.
    const { input: decisionInput, calls } = countingPort(input());

    // Act
    const decision = await decide(decisionInput);

    // Assess
    expect(calls()).toBe(1);
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.payload?.['patient']).toBeDefined();
  });

  it('waits no turn when the port already holds every pseudonym, and decides as when it waited', async () => {
    // Prepare: P18, a PHIN release (three pseudonyms), its answers first learnt through the port.
    const phin = ENGINE_SCENARIOS.find((scenario) => scenario.id === 'P18')!.input;
    const held = new Map<string, string>();
    const learning: DecisionInput = {
      ...phin,
      pseudonymise: async (...call) => {
        const pseudonym = await phin.pseudonymise(...call);
        held.set(call.join('|'), pseudonym);
        return pseudonym;
      },
    };
    const waited = await decide(learning);
    const atOnce: DecisionInput = { ...phin, pseudonymise: (...call) => held.get(call.join('|'))! };

    // Act: one turn of the microtask queue, then look
    let settled = false;
    const pending = decide(atOnce).then((decision) => {
      settled = true;
      return decision;
    });
    await Promise.resolve();
    const settledAfterOneTurn = settled;

    // Assess
    expect(held.size).toBe(3);
    expect(settledAfterOneTurn).toBe(true);
    expect(await pending).toEqual(waited);
    expect(await decide(phin)).toEqual(waited);
  });

  it('rejects, and does not throw, when a step that waits for nothing fails', async () => {
    // Prepare: a snapshot whose objections cannot be read, met by gate 7 on the synchronous path.
    const snapshot = records();
    const unreadable: PatientRecordsSnapshot = Object.defineProperty<PatientRecordsSnapshot>(
      { ...snapshot },
      'objections',
      {
        get: () => {
          throw new Error('objections unreadable');
        },
      },
    );
    const decisionInput = { ...withoutNhsNumber(), records: unreadable };

    // Act
    const pending = decide(decisionInput);

    // Assess
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow('objections unreadable');
  });
});
