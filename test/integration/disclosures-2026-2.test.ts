/**
 * policy-uk.md §9.7 (pack 2026.2) end to end: the worked scenarios P23–P45 over HTTP against the
 * real stack, records (restrictions included) set up through the records API, each run twice with
 * one requestId (same answer, one audit entry). P46–P48 run in restriction.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../shared/canonical-json.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { SENSITIVE_VALUES, explanationText, releasedPaths } from '../unit/policy/fixtures.ts';
import { SCENARIOS_2026 } from '../unit/policy/scenarios-2026-2-table.ts';
import { decisionEntries } from '../support/scenarios.ts';
import { preparePatient2026, request2026 } from '../support/scenarios-2026-2.ts';
import { demo, freshPatientId } from '../support/stack.ts';

describe('policy-uk.md §9.7 worked scenarios over HTTP (pack 2026.2)', () => {
  it.each(SCENARIOS_2026)('$id → $decision $first, idempotent with one audit entry', async (scenario) => {
    // Prepare
    const client = demo.clinical();
    const patientId = freshPatientId();
    await preparePatient2026(client, patientId, scenario.setup);
    const body = request2026(patientId, scenario);

    // Act
    const first = await client.request('POST', '/v1/disclosures', body);
    const again = await client.request('POST', '/v1/disclosures', body);

    // Assess
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const answer = decisionAnswerSchema.parse(first.body);
    expect([answer.decision, answer.reasonCodes[0]]).toEqual([scenario.decision, scenario.first]);
    expect(answer.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    for (const code of scenario.excludes ?? []) expect(answer.reasonCodes).not.toContain(code);
    expect(answer.obligations).toEqual(scenario.obligations ?? []);
    if (scenario.released) expect(releasedPaths(answer.payload)).toEqual([...scenario.released].sort());
    if (answer.decision === 'DENY' || answer.decision === 'REFER') {
      expect([answer.payload, answer.payloadDigest, answer.authorisation]).toEqual([undefined, undefined, undefined]);
    } else {
      expect(answer.payloadDigest).toBe(canonicalDigest(answer.payload));
    }
    for (const value of [...SENSITIVE_VALUES, patientId])
      expect(explanationText(answer.explanations)).not.toContain(value);
    scenario.check?.(answer);
    const { authorisation: _a1, ...stable } = answer;
    const { authorisation: _a2, ...stableAgain } = decisionAnswerSchema.parse(again.body);
    expect(stableAgain).toEqual(stable);
    const entries = await decisionEntries(answer.receipt.origin, patientId, body.requestId);
    expect(entries).toHaveLength(1);
    const logged = entries[0]!.entry.decision as { matter?: unknown };
    expect(logged.matter).toEqual(body.matter ? { ref: body.matter.ref } : undefined);
  });
});
