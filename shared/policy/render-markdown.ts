/**
 * Renders the loaded pack as the DPO-readable docs/policy-uk.md, so the document a DPO signs is
 * generated from the data the engine runs (a unit test keeps the committed file in step).
 * Run: `node shared/policy/render-markdown.ts` to rewrite docs/policy-uk.md.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlowDef, PolicyDocument, RuleExpr } from './document.ts';
import { loadPolicy, type LoadedPolicy } from './pack.ts';
import { isSelector, type Selector } from './select.ts';
import { explanationCell, flowTermsTable } from './render-markdown-2026-2.ts';
import { restrictionLines } from './render-markdown-restriction.ts';
import { headingLines, obligationsLines, switchesLines, table } from './render-markdown-sections.ts';

export { cell, table } from './render-markdown-sections.ts';

export function show(value: unknown): string {
  if (isSelector(value)) {
    const selector: Selector<unknown> = value;
    const cases = Object.entries(selector.cases).map(([key, inner]) => `${key}: ${show(inner)}`);
    if (selector.otherwise !== undefined) cases.push(`otherwise: ${show(selector.otherwise)}`);
    return `by ${selector.select} (${cases.join('; ')})`;
  }
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object' && value !== null) {
    if ('decision' in value && 'code' in value) return `${show(value.decision)} ${show(value.code)}`;
    return Object.entries(value)
      .map(([key, inner]) => `${key} ${show(inner)}`)
      .join(', ');
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '–';
}

function rule(expr: RuleExpr | undefined): string {
  if (expr === undefined) return 'D';
  if (isSelector<RuleExpr>(expr))
    return show({ ...expr, cases: Object.fromEntries(Object.entries(expr.cases).map(([k, v]) => [k, rule(v)])) });
  if ('ifClearIdentifiers' in expr)
    return `${rule(expr.ifClearIdentifiers)} with clear-identifier basis, else ${rule(expr.otherwise)}`;
  if (expr.action === 'K') return expr.itemFields ? `K (${expr.itemFields.join(', ')} only)` : 'K';
  if (expr.action === 'P') return `P (${expr.idType})`;
  if (expr.action === 'G') return `G ${expr.generaliser}${expr.as ? ` as ${expr.as}` : ''}`;
  return 'D';
}

function precondition(condition: FlowDef['preconditions'][number]): string {
  const { kind, onFail, ...parameters } = condition;
  const detail = Object.keys(parameters).length > 0 ? ` (${show(parameters)})` : '';
  return `${kind}${detail} else ${show(onFail)}`;
}

function flowRow(flow: FlowDef): string[] {
  const mandatory =
    flow.mandatory === null
      ? 'no'
      : `yes: ${flow.mandatory.implied ? `${flow.mandatory.implied} (implied)` : flow.mandatory.instruments.map((i) => (i.regulator ? `${i.prefix} (${i.regulator})` : i.prefix)).join(', ')}`;
  const objection = flow.objection.blocks
    ? `yes: ${flow.objection.scopes.join(', ')}${flow.objection.overridable ? '; overridable' : ''}`
    : 'no (noted)';
  return [
    `\`${flow.id}\``,
    flow.categories.join(', '),
    flow.purpose,
    mandatory,
    show(flow.basis.art6),
    show(flow.basis.art9),
    show('dpaSch1Para' in flow.basis ? flow.basis.dpaSch1Para : null),
    'commonLaw' in flow.basis ? flow.basis.commonLaw : `${show(flow.basis.seGround)}; ${flow.basis.secrecy}`,
    flow.consent ? `${show(flow.consent.scope)}; missing → ${show(flow.consent.onMissing)}` : 'no',
    objection,
    flow.ndopGate ? 'yes' : 'no',
    flow.preconditions.map(precondition).join('; ') || '–',
    `${flow.allow.code}${flow.allow.obligations.length ? ` + ${flow.allow.obligations.join(', ')}` : ''}`,
    flow.profile,
  ];
}

export function profilesTable(document: PolicyDocument): string {
  const names = Object.keys(document.profiles);
  const rows = document.fields.map((field) => [
    `\`${field.path}\``,
    ...names.map((name) => rule(document.profiles[name]?.rules[field.path])),
  ]);
  const derived = names.flatMap((name) =>
    (document.profiles[name]?.derived ?? []).map(
      (d) =>
        `- ${name}: adds \`${d.path}\` from the request's \`${d.from}\`${d.pseudonymise ? ` (pseudonymised, ${d.pseudonymise})` : ''}`,
    ),
  );
  return [table(['field', ...names.map((name) => document.profiles[name]?.title ?? name)], rows), '', ...derived].join(
    '\n',
  );
}

export function renderPolicyMarkdown(policy: LoadedPolicy): string {
  const { document } = policy;
  return [
    ...headingLines(
      policy,
      'shared/policy/render-markdown.ts',
      'K keep, D drop, G generalise, P pseudonymise. A field a profile does not list is dropped; a field the pack does not know is dropped.',
    ),
    '## Flow register',
    '',
    table(
      [
        'flow',
        'categories',
        'purpose',
        'mandatory',
        'Art 6',
        'Art 9(2)',
        'DPA Sch1',
        'common law',
        'consent',
        'objection blocks',
        'NDOP gate',
        'preconditions',
        'allow',
        'profile',
      ],
      document.flows.map(flowRow),
    ),
    '',
    '## Flow terms (pack 2026.2 mechanisms)',
    '',
    flowTermsTable(document, show, table),
    '',
    '## Objection overrides',
    '',
    table(
      ['override', 'approvers', 'capacity', 'decision', 'obligations'],
      document.overrides.map((o) => [
        o.code,
        show(o.approvers),
        o.capacities?.join(', ') ?? 'any',
        o.allow,
        o.obligations.join(', ') || '–',
      ]),
    ),
    '',
    `National Data Opt-out applies in ${document.ndop.jurisdictions.join(', ')} to ${document.ndop.fundings.join(', ')} episodes of flows with an NDOP gate.`,
    '',
    '## Minimisation profiles',
    '',
    profilesTable(document),
    '',
    ...switchesLines(document),
    '## Reason codes and explanations',
    '',
    table(
      ['code', 'kind', 'explanation'],
      document.reasonCodes.map((r) => [`\`${r.code}\``, r.kind.toLowerCase(), explanationCell(r)]),
    ),
    '',
    ...obligationsLines(document),
    ...restrictionLines(document, show, table),
  ].join('\n');
}

export const DOCS_PATH = fileURLToPath(new URL('../../docs/policy-uk.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOCS_PATH, renderPolicyMarkdown(loadPolicy()));
}
