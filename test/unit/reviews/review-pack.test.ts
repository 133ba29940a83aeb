/**
 * A review case is judged by the pack that made its decision (policy-se.md §0, reviews.md §1):
 * named by the case, else found by the case's flow (cases opened before they named it), else the
 * deployment's pack. So a Swedish case's due date and approver rule come from se-default, whatever
 * switches the deployment set for the UK pack.
 */
import { describe, expect, it } from 'vitest';
import { PolicyCatalogue } from '../../../shared/policy/catalogue.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { reviewSwitches } from '../../../shared/policy/switches.ts';
import { dueAtOf } from '../../../shared/reviews/model.ts';
import { packOfCase } from '../../../shared/services/review-pack.ts';

const uk = loadPolicy(undefined, { 'override.requireCaldicottGuardian': false, 'review.referExpiresHours': 24 });
const se = loadPolicy(SE_DEFAULT);
const packs = new PolicyCatalogue([uk, se]);

describe('the pack a review case is judged by', () => {
  it.each([
    ['the pack the case names', { policyId: 'se-default', flow: 'se-police' }, 'se-default'],
    ['the pack of its flow, for a case that names none', { flow: 'se-police' }, 'se-default'],
    ['the UK pack for a UK case', { policyId: 'uk-default', flow: 'regulator-requested' }, 'uk-default'],
    ['the deployment pack for a case with neither', {}, 'uk-default'],
    ['the deployment pack for a pack the deployment no longer runs', { policyId: 'se-old' }, 'uk-default'],
  ])('is %s', (_case, decision, expected) => {
    // Act / Assess
    expect(packOfCase(decision, packs, uk).id).toBe(expected);
  });

  it('gives a Swedish REFER case se-default’s review rules, not the UK switches the deployment chose', () => {
    // Act
    const swedish = reviewSwitches(packOfCase({ policyId: 'se-default' }, packs, uk).document.switches);
    const british = reviewSwitches(packOfCase({ policyId: 'uk-default' }, packs, uk).document.switches);

    // Assess
    expect(swedish['override.requireCaldicottGuardian']).toBe(true);
    expect(british['override.requireCaldicottGuardian']).toBe(false);
    expect(dueAtOf('REFER', 0, swedish)).toBe(new Date(72 * 3_600_000).toISOString());
    expect(dueAtOf('REFER', 0, british)).toBe(new Date(24 * 3_600_000).toISOString());
  });

  it('without a catalogue (a deployment of one pack) is always that pack', () => {
    // Act / Assess
    expect(packOfCase({ policyId: 'se-default', flow: 'se-police' }, undefined, uk)).toBe(uk);
  });
});
