/**
 * policy-se.md §8 end to end: every worked scenario S01–S24 over HTTP against org `demo-se`, with
 * the records set up through the records API. Each runs twice with the same requestId (same answer,
 * one audit entry) and once more with `Accept-Language: en` (same decision and receipt, English).
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { explanationText } from '../unit/policy/fixtures.ts';
import { decisionEntries } from '../support/scenarios.ts';
import { assessSeAnswer } from '../support/se-assess.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, SE_SENSITIVE_VALUES, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

describe('se-default scenarios over HTTP (demo-se)', () => {
  it.each(SE_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    '%s, idempotent with one audit entry, explained in Swedish or English',
    async (_id, scenario) => {
      // Prepare
      const client = demoSe.clinical();
      const patientId = freshPatientId('PN');
      await prepareSePatient(client, patientId, scenario.records);
      const request = seRequest(scenario, patientId, freshId('req'));

      // Act
      const first = await client.request('POST', '/v1/disclosures', request);
      const again = await client.request('POST', '/v1/disclosures', request);
      const english = await client.request('POST', '/v1/disclosures', request, { 'Accept-Language': 'en-GB' });

      // Assess
      expect(first.status).toBe(200);
      const answer = decisionAnswerSchema.parse(first.body);
      assessSeAnswer(answer, scenario.expect);
      expect(answer.policy.id).toBe('se-default');
      expect(answer.explanationsLanguage).toBe('sv');
      expect(first.headers['content-language']).toBe('sv');
      const { authorisation: _a1, ...stable } = answer;
      const { authorisation: _a2, ...stableAgain } = decisionAnswerSchema.parse(again.body);
      expect(stableAgain).toEqual(stable);
      const inEnglish = decisionAnswerSchema.parse(english.body);
      expect(english.headers['content-language']).toBe('en');
      expect(inEnglish).toMatchObject({
        decision: answer.decision,
        reasonCodes: answer.reasonCodes,
        receipt: answer.receipt,
        explanationsLanguage: 'en',
      });
      expect(inEnglish.explanations).not.toEqual(answer.explanations);
      const text = explanationText([...answer.explanations, ...inEnglish.explanations]);
      for (const value of [...SE_SENSITIVE_VALUES, patientId]) expect(text).not.toContain(value);
      const entries = await decisionEntries(answer.receipt.origin, patientId, request.requestId);
      expect(entries).toHaveLength(1);
      expect(entries[0]?.entry.decision.outcome).toBe(answer.decision);
    },
  );
});
