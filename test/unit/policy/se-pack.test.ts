/**
 * The Swedish pack as data (policy-se.md): it loads beside an unchanged `uk-default`, every reason
 * code explains itself in Swedish and English without naming a value, and the org's pack choice
 * decides which pack runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSwedishPolicyMarkdown, SE_DOCS_PATH } from '../../../shared/policy/render-markdown-se.ts';
import { PolicyCatalogue } from '../../../shared/policy/catalogue.ts';
import { EXPLANATION_VARIABLES, explain } from '../../../shared/policy/explain.ts';
import { chooseLanguage } from '../../../shared/policy/languages.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { PolicyInvalidError } from '../../../shared/policy/errors.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { SE_SENSITIVE_VALUES } from '../../support/se-scenarios.ts';
import { sePolicy } from './se-fixtures.ts';

/** The digest of uk-default (pack 2026.2 with its restriction section of policy-uk.md §9.3, whose §9.6
 *  switches are selectors in it): the Swedish pack must not move it. */
const UK_DIGEST = 'sha-256=:XfaDGc8DFt5kFAQyrBbZKND0fmYehd/sgUWiL8JR/1E=:';

describe('se-default pack', () => {
  it('loads, and uk-default keeps its digest', () => {
    // Act
    const se = sePolicy();
    const uk = loadPolicy();

    // Assess
    expect(se.id).toBe('se-default');
    expect(se.document.jurisdictions).toEqual(['SE']);
    expect(uk.digest).toBe(UK_DIGEST);
    expect(se.digest).not.toBe(uk.digest);
  });

  it('gives a new digest when a Swedish switch changes', () => {
    // Act
    const changed = sePolicy({ 'se.sparrServiceUnavailable': 'REFER' });

    // Assess
    expect(changed.digest).not.toBe(sePolicy().digest);
  });

  it('has a Swedish and an English template for every reason code, naming no value', () => {
    // Prepare
    const vars = Object.fromEntries(EXPLANATION_VARIABLES.map((name) => [name, `<${name}>`]));

    // Act / Assess
    for (const reason of SE_DEFAULT.reasonCodes) {
      expect(reason.translations?.sv, reason.code).toBeDefined();
      for (const language of ['sv', 'en'] as const) {
        const text = explain(SE_DEFAULT, reason.code, vars, language);
        expect(text, reason.code).not.toMatch(/\{[A-Za-z]+\}/u);
        for (const value of SE_SENSITIVE_VALUES) expect(text).not.toContain(value);
      }
      expect(reason.translations?.sv).not.toBe(reason.explanation);
    }
  });

  it('refuses a pack offering a language some code has no template in', () => {
    // Prepare
    const broken = structuredClone(SE_DEFAULT);
    const { translations: _dropped, ...first } = broken.reasonCodes[0]!;
    broken.reasonCodes[0] = first;

    // Act / Assess
    expect(() => loadPolicy(broken)).toThrow(PolicyInvalidError);
  });
});

describe('docs/policy-se.md', () => {
  it('is generated from the pack: the committed file is the rendering of what the engine runs', () => {
    // Act
    const rendered = renderSwedishPolicyMarkdown(sePolicy());

    // Assess
    expect(readFileSync(SE_DOCS_PATH, 'utf8')).toBe(rendered);
    expect(rendered).toContain(sePolicy().digest);
    for (const flow of SE_DEFAULT.flows) expect(rendered).toContain(`\`${flow.id}\``);
  });
});

describe('Accept-Language (RFC 4647 lookup)', () => {
  it.each([
    [undefined, 'sv'],
    ['*', 'sv'],
    ['sv-SE', 'sv'],
    ['en-GB,sv;q=0.5', 'en'],
    ['de, en;q=0.8, sv;q=0.9', 'sv'],
    ['fr', 'sv'],
    ['en;q=0, sv-FI', 'sv'],
  ] as const)('%s → %s', (header, expected) => {
    // Act / Assess
    expect(chooseLanguage(header, ['sv', 'en'], 'sv')).toBe(expected);
  });
});

describe('pack per jurisdiction, chosen per org', () => {
  const catalogue = new PolicyCatalogue([loadPolicy(), sePolicy()]);

  it('runs the pack the org names for the jurisdiction', () => {
    // Act
    const choice = catalogue.choose({ packs: { SE: 'se-default' } }, 'SE');

    // Assess
    expect(choice).toMatchObject({ covered: true, policy: { id: 'se-default' } });
  });

  it('covers nothing the org names no pack for, even a jurisdiction another pack could decide', () => {
    // Act
    const ukInSwedishOrg = catalogue.choose({ packs: { SE: 'se-default' } }, 'UK-ENG');
    const seInLegacyOrg = catalogue.choose({}, 'SE');

    // Assess
    expect(ukInSwedishOrg.covered).toBe(false);
    expect(seInLegacyOrg).toMatchObject({ covered: false, policy: { id: 'uk-default' } });
  });

  it('keeps uk-default for the UK jurisdictions of an org created before packs were chosen', () => {
    // Act / Assess
    expect(catalogue.choose({}, 'UK-WAL')).toMatchObject({ covered: true, policy: { id: 'uk-default' } });
  });
});
