/** policy-se.md §8: every worked scenario S01–S24 against decide() under `se-default`. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { assessSeAnswer } from '../../support/se-assess.ts';
import { SE_SCENARIOS, SE_SENSITIVE_VALUES } from '../../support/se-scenarios.ts';
import { seInput } from './se-fixtures.ts';

describe('se-default scenarios (policy-se.md §8)', () => {
  it.each(SE_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))('%s', async (_id, scenario) => {
    // Prepare
    const input = seInput(scenario);

    // Act
    const decision = await decide(input);

    // Assess
    assessSeAnswer(decision, scenario.expect);
    expect(decision.explanationsLanguage).toBe('sv');
    expect(decision.explanations).toHaveLength(decision.reasonCodes.length);
    expect(decision.explanationsByLanguage.en).toHaveLength(decision.reasonCodes.length);
    const text = [...decision.explanations, ...(decision.explanationsByLanguage.en ?? [])].join(' ');
    for (const value of SE_SENSITIVE_VALUES) expect(text).not.toContain(value);
    expect(text).not.toMatch(/not recorded|ej registrerat/u);
  });
});
