/**
 * Issue 15: what a decision of the P01–P22 mix cannot cost less than, timed the way the engine is
 * (one scenario per sample, round robin), so the engine's figure can be read against them:
 *
 * - the pseudonyms it needs: the fixture's HMAC-SHA256 (the pseudonymisation.md test key standing
 *   in for KMS) once for every call the scenario makes to the pseudonymise port, with the same
 *   arguments, recorded from a real decision;
 * - the same pseudonyms from production's Pseudonymiser, every one a cache hit (its KeyService a
 *   test HMAC, called only to warm the cache): what the port costs a deployed decision when KMS
 *   is not called, the usual case;
 * - allocating its answer: a deep copy of the scenario's Decision (every object and list of the
 *   answer built anew, its strings shared), which is less than building it, since no text is made.
 */
import type { Decision, DecisionInput } from '../shared/policy/engine.ts';
import { decide } from '../shared/policy/engine.ts';
import { jsonCopy } from '../shared/policy/paths.ts';
import { Pseudonymiser } from '../shared/pseudonym/pseudonymiser.ts';
import { HmacTestKeyService } from '../test/support/hmac-test-key-service.ts';
import { ORG, testPseudonym } from '../test/unit/policy/fixtures.ts';
import type { EngineScenario } from './decision-scenarios.ts';
import { fmt, measureSequential, summarise } from './lib/stats.ts';

type PseudonymCall = Parameters<DecisionInput['pseudonymise']>;

interface Recorded {
  readonly calls: readonly PseudonymCall[];
  readonly decision: Decision;
}

/** One real decision of the scenario, with every call it made to the pseudonymise port. */
async function record(scenario: EngineScenario): Promise<Recorded> {
  const calls: PseudonymCall[] = [];
  const decision = await decide({
    ...scenario.input,
    pseudonymise: (...call) => {
      calls.push(call);
      return scenario.input.pseudonymise(...call);
    },
  });
  return { calls, decision };
}

export interface Floors {
  /** Table rows in the engine table's columns: what, n, decisions/s, mean µs, p50 µs, p99 µs. */
  readonly rows: string[][];
  readonly pseudonymsPerDecision: number;
}

export async function decisionFloors(scenarios: readonly EngineScenario[], count: number): Promise<Floors> {
  const recorded = await Promise.all(scenarios.map(record));
  const pseudonymsPerDecision = recorded.reduce((sum, r) => sum + r.calls.length, 0) / recorded.length;
  const production = new Pseudonymiser(new HmacTestKeyService());
  // As a deployed decision asks: the pseudonym at once when cached (a promise only for a miss).
  const cacheHits = async (r: Recorded): Promise<void> => {
    for (const [domain, idType, value] of r.calls) await production.pseudonymiseNow(ORG, { domain, idType, value });
  };
  for (const r of recorded) await cacheHits(r);
  const floors = [
    {
      what: `floor · its pseudonyms alone (the fixture's HMAC, ${fmt(pseudonymsPerDecision)} per decision)`,
      op: (r: Recorded) => {
        for (const [domain, idType, value] of r.calls) testPseudonym(ORG, domain, idType, value);
        return Promise.resolve();
      },
    },
    { what: "floor · the same pseudonyms, production's cache hits", op: cacheHits },
    {
      what: 'floor · allocating its answer alone (a deep copy of the Decision)',
      op: (r: Recorded) => Promise.resolve(jsonCopy(r.decision)),
    },
  ];
  const rows: string[][] = [];
  for (const floor of floors) {
    const { samples } = await measureSequential({ count, warmup: Math.min(count, 22 * 20), maxMs: 30_000 }, (i) =>
      floor.op(recorded[i % recorded.length]!),
    );
    const us = summarise(samples.map((ms) => ms * 1000));
    rows.push([floor.what, String(us.n), fmt(1e6 / us.mean), fmt(us.mean), fmt(us.p50), fmt(us.p99)]);
  }
  return { rows, pseudonymsPerDecision };
}
