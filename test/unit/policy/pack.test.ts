/** The pack as data: it validates, broken packs are rejected with a typed error, the digest tracks every change. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../../shared/canonical-json.ts';
import { PolicyInvalidError } from '../../../shared/policy/errors.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { ukSwitches } from '../../../shared/policy/switches.ts';
import { DOCS_PATH, renderPolicyMarkdown } from '../../../shared/policy/render-markdown.ts';
import type { UkPolicyDocument } from '../../../shared/policy/document.ts';
import { UK_DEFAULT } from '../../../shared/policy/uk-default/index.ts';

function mutated(change: (document: UkPolicyDocument) => void): unknown {
  const copy = structuredClone(UK_DEFAULT);
  change(copy);
  return copy;
}

function loadError(document: unknown): PolicyInvalidError | undefined {
  try {
    loadPolicy(document);
    return undefined;
  } catch (error) {
    return error instanceof PolicyInvalidError ? error : undefined;
  }
}

describe('loadPolicy', () => {
  it('loads the built-in pack, frozen, identified by the digest of its canonical form', () => {
    // Prepare / Act
    const policy = loadPolicy();

    // Assess
    expect([policy.id, policy.version]).toEqual(['uk-default', '2026.2']);
    expect(policy.digest).toBe(canonicalDigest(policy.document));
    expect(policy.digest).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/u);
    expect(Object.isFrozen(policy.document.flows[0])).toBe(true);
  });

  it('gives a new digest when a switch changes, and the same digest for the same switches', () => {
    // Prepare / Act
    const base = loadPolicy();
    const same = loadPolicy(undefined, { 'ndop.maxAgeHours': 720 });
    const changed = loadPolicy(undefined, { 'ndop.maxAgeHours': 168 });

    // Assess
    expect(same.digest).toBe(base.digest);
    expect(changed.digest).not.toBe(base.digest);
    expect(ukSwitches(changed.document.switches)['ndop.maxAgeHours']).toBe(168);
  });

  it.each([
    [
      'a switch value outside its alternatives',
      mutated((d) => {
        d.switches['phin.identifierMode'] = 'SOMETIMES' as never;
      }),
      'switches.phin.identifierMode',
    ],
    [
      'retention under six years',
      mutated((d) => {
        d.switches['retention.years'] = 5;
      }),
      'switches.retention.years',
    ],
    [
      'an unknown key',
      mutated((d) => {
        Object.assign(d, { surprise: true });
      }),
      '$',
    ],
    [
      'a flow pointing at a missing profile',
      mutated((d) => {
        d.flows[0]!.profile = 'nowhere';
      }),
      'flows.insurer-payment.profile',
    ],
    [
      'a profile rule for an unknown field',
      mutated((d) => {
        d.profiles.insurer!.rules['patient.shoeSize'] = { action: 'K' };
      }),
      'profiles.insurer.rules.patient.shoeSize',
    ],
    [
      'a selector missing a switch value',
      mutated((d) => {
        delete (d.profiles.phin!.rules['patient.postcode'] as { otherwise: { cases: Record<string, unknown> } })
          .otherwise.cases.DISTRICT;
      }),
      'profiles',
    ],
    [
      'a decisive code without explanation',
      mutated((d) => {
        d.flows[0]!.allow.code = 'ALLOW_BECAUSE';
      }),
      'flows',
    ],
    [
      'a template variable that could leak a value',
      mutated((d) => {
        d.reasonCodes[0]!.explanation = 'NHS number {nhsNumber}.';
      }),
      'reasonCodes.ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    ],
    [
      'two unconditional flows for one pair',
      mutated((d) => {
        d.flows.push({ ...d.flows[1]!, id: 'gp-twice' });
      }),
      'flows.gp-twice',
    ],
  ])('rejects %s with PolicyInvalidError', (_label, document, path) => {
    // Prepare / Act
    const error = loadError(document);

    // Assess
    expect(error?.code).toBe('policy_invalid');
    expect(error?.issues.some((issue) => issue.path.startsWith(path))).toBe(true);
  });

  it('rejects an unknown switch override', () => {
    // Prepare / Act / Assess
    expect(() => loadPolicy(undefined, { 'made.up': true } as never)).toThrow(PolicyInvalidError);
  });
});

describe('docs/policy-uk.md', () => {
  it('is exactly the rendering of the built-in pack (regenerate with node shared/policy/render-markdown.ts)', () => {
    // Prepare
    const committed = readFileSync(DOCS_PATH, 'utf8');

    // Act
    const rendered = renderPolicyMarkdown(loadPolicy());

    // Assess
    expect(committed).toBe(rendered);
    expect(rendered).toContain(loadPolicy().digest);
  });
});
