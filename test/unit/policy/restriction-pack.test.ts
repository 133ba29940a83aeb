/** The restriction section as pack data (policy-uk.md §9.3.2): a selectable `otherwise`, checked at load and rendered. */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../shared/policy/document.ts';
import { PolicyInvalidError } from '../../../shared/policy/errors.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { renderPolicyMarkdown } from '../../../shared/policy/render-markdown.ts';
import { UK_DEFAULT } from '../../../shared/policy/uk-default/index.ts';

/** The built-in pack with police-voluntary's restriction fallback replaced. */
function withPoliceFallback(otherwise: unknown): PolicyDocument {
  const document = structuredClone(UK_DEFAULT);
  const flows = document.restriction!.flows as Record<string, unknown>;
  flows['police-voluntary'] = { exceptions: ['CONSENT', 'OVERRIDE'], otherwise };
  return document;
}

const REFER = { decision: 'REFER', code: 'REFER_POLICE_VOLUNTARY' };

describe('restriction section', () => {
  it('refuses a switch selector that leaves a switch value without a fallback', () => {
    // Prepare
    const document = withPoliceFallback({ select: 'switch:police.voluntary', cases: { REFER } });

    // Act
    const load = () => loadPolicy(document);

    // Assess
    expect(load).toThrow(PolicyInvalidError);
    expect(load).toThrow(/no case DENY/u);
  });

  it('refuses a fallback case whose code the pack does not explain', () => {
    // Prepare
    const unexplained = { decision: 'DENY', code: 'DENY_NOT_IN_THE_PACK' };
    const document = withPoliceFallback({ select: 'switch:police.voluntary', cases: { REFER, DENY: unexplained } });

    // Act
    const load = () => loadPolicy(document);

    // Assess
    expect(load).toThrow(/reason code DENY_NOT_IN_THE_PACK has no explanation/u);
  });

  it('renders each flow’s exceptions and every case of a selected fallback for the DPO', () => {
    // Act
    const markdown = renderPolicyMarkdown(loadPolicy());

    // Assess
    expect(markdown).toContain('## Restriction of processing (step 5a)');
    expect(markdown).toContain(
      '| `police-voluntary` | restriction consent, approved override | by switch:police.voluntary (REFER: REFER REFER_POLICE_VOLUNTARY; DENY: DENY DENY_PROCESSING_RESTRICTED) |',
    );
    expect(markdown).toContain('| `solicitor-provider` | legal claims | DENY DENY_PROCESSING_RESTRICTED |');
  });

  it('renders no restriction section for a pack without one', () => {
    // Prepare
    const { restriction: _omitted, ...document } = structuredClone(UK_DEFAULT);

    // Act
    const markdown = renderPolicyMarkdown(loadPolicy(document));

    // Assess
    expect(markdown).not.toContain('Restriction of processing');
  });
});
