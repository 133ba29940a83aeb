/**
 * The part of docs/policy-uk.md that shows the mechanisms pack 2026.2 added per flow (policy-uk.md
 * §9): orders' field scopes and fixed profiles, consent terms, what a matching objection does,
 * bases other than the flow's own, and obligations tied to released fields.
 */
import type { FlowDef, PolicyDocument } from './document.ts';

type Show = (value: unknown) => string;

function instruments(flow: FlowDef): string {
  const listed = (flow.mandatory?.instruments ?? []).filter((i) => i.scopeFields !== undefined || i.profile);
  return (
    listed
      .map((i) => {
        const fields =
          i.scopeFields === 'REQUIRED' ? 'fields required' : i.scopeFields === 'IGNORED' ? 'fields ignored' : '';
        return `${i.prefix}: ${[fields, i.profile ? `profile ${i.profile}` : ''].filter(Boolean).join(', ')}`;
      })
      .join('; ') || '–'
  );
}

function objection(flow: FlowDef, show: Show): string {
  const parts = [
    flow.objection.onBlock ? `blocks with ${show(flow.objection.onBlock)}` : '',
    flow.objection.whenMatched
      ? `noted as ${flow.objection.whenMatched.info}${flow.objection.whenMatched.anonymous ? ', identifiers withheld' : ''}`
      : '',
  ];
  return parts.filter(Boolean).join('; ') || '–';
}

function otherBases(flow: FlowDef, show: Show): string {
  const parts = [
    flow.overrideRequired
      ? `only an approved ${flow.overrideRequired.codes.join('/')} override; else ${show(flow.overrideRequired.onMissing)}`
      : '',
    flow.anonymousRecord
      ? `without clear identifiers: ${flow.anonymousRecord.allow} (Art 9 ${flow.anonymousRecord.art9}, ${flow.anonymousRecord.commonLaw})`
      : '',
    flow.clearIdentifiers ? `clear identifiers: ${show(flow.clearIdentifiers)}` : '',
  ];
  return parts.filter(Boolean).join('; ') || '–';
}

export function flowTermsTable(
  document: PolicyDocument,
  show: Show,
  table: (head: readonly string[], rows: readonly (readonly string[])[]) => string,
): string {
  const rows = document.flows.map((flow) => [
    `\`${flow.id}\``,
    instruments(flow),
    flow.consent?.namesRecipient ? 'must name the recipient; dates and see-first terms apply' : '–',
    objection(flow, show),
    otherBases(flow, show),
    (flow.allow.whenReleased ?? [])
      .map((rule) => `${rule.obligation} if ${rule.paths.join(', ')} released`)
      .join('; ') || '–',
  ]);
  return table(
    ['flow', 'instruments', 'consent terms', 'objection met', 'other bases', 'obligations when released'],
    rows,
  );
}

/** A reason's explanation with its variants, as one cell. */
export function explanationCell(reason: PolicyDocument['reasonCodes'][number]): string {
  const variants = (reason.variants ?? []).map((variant) => ` When {${variant.when}} is known: ${variant.explanation}`);
  return `${reason.explanation}${variants.join('')}`;
}
