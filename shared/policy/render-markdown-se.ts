/**
 * Renders `se-default` as the DPO-readable docs/policy-se.md (policy-se.md), generated from the
 * data the engine runs so the document the dataskyddsombud signs cannot drift from it (a unit test
 * keeps the committed file in step). Run: `node shared/policy/render-markdown-se.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlowDef } from './document.ts';
import { loadPolicy, type LoadedPolicy } from './pack.ts';
import { profilesTable, show, table } from './render-markdown.ts';
import { headingLines, obligationsLines, switchesLines } from './render-markdown-sections.ts';
import { SE_DEFAULT } from './se-default/index.ts';

function gates(flow: FlowDef): string {
  const parts = [
    ...flow.preconditions.map((condition) => `${condition.kind} else ${show(condition.onFail)}`),
    ...(flow.emergencyAccess
      ? [`emergency access ${flow.emergencyAccess.code}${flow.emergencyAccess.required ? ' (required)' : ''}`]
      : []),
    ...(flow.relations ?? []).map((check) =>
      check.kind === 'always-stop' ? `stop: ${show(check.outcome)}` : `${check.kind} else ${show(check.onFail)}`,
    ),
  ];
  return parts.join('; ') || '–';
}

function blocks(flow: FlowDef): string {
  const rule = flow.blocks;
  if (rule === undefined) return 'no';
  const kinds = [rule.outer ? 'yttre' : undefined, rule.inner ? `inre (${show(rule.inner.applies)})` : undefined];
  return `${kinds.filter(Boolean).join(' + ')}${rule.status ? '; status checked' : ''}`;
}

function flowRow(flow: FlowDef): string[] {
  const basis = 'seGround' in flow.basis ? flow.basis : undefined;
  return [
    `\`${flow.id}\``,
    flow.categories.join(', '),
    `${flow.purpose}${flow.channel ? ` (${show(flow.channel)})` : ''}`,
    flow.mandatory === null
      ? 'no'
      : `yes: ${flow.mandatory.implied ?? flow.mandatory.instruments.map((i) => i.prefix).join(', ')}`,
    show(flow.basis.art6),
    show(flow.basis.art9),
    basis ? show(basis.seGround) : '–',
    basis?.secrecy ?? '–',
    flow.consent ? `${show(flow.consent.scope)}; missing → ${show(flow.consent.onMissing)}` : 'no',
    flow.objection.blocks ? `yes: ${flow.objection.scopes.join(', ')}` : 'no (noted)',
    blocks(flow),
    gates(flow),
    `${flow.allow.code}${flow.allow.obligations.length ? ` + ${flow.allow.obligations.join(', ')}` : ''}`,
    flow.profile,
  ];
}

/** Channels only some recipient categories may be asked on, checked before any flow is matched. */
function reservedChannels(document: LoadedPolicy['document']): string[] {
  const channels = document.recipientChannels ?? [];
  if (channels.length === 0) return [];
  return [
    '## Reserved channels',
    '',
    table(
      ['subPurpose', 'only to', 'any other recipient'],
      channels.map((channel) => [
        channel.subPurposes.join(', '),
        channel.categories.join(', '),
        `${channel.onOtherRecipient.decision} \`${channel.onOtherRecipient.code}\``,
      ]),
    ),
    '',
  ];
}

export function renderSwedishPolicyMarkdown(policy: LoadedPolicy): string {
  const { document } = policy;
  return [
    ...headingLines(
      policy,
      'shared/policy/render-markdown-se.ts',
      'K keep, D drop. A field a profile does not list is dropped; a field the pack does not know is dropped.',
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
        'Swedish ground',
        'secrecy',
        'consent',
        'objection blocks',
        'spärr gate',
        'checks',
        'allow',
        'profile',
      ],
      document.flows.map(flowRow),
    ),
    '',
    ...reservedChannels(document),
    '## Minimisation profiles',
    '',
    profilesTable(document),
    '',
    ...switchesLines(document),
    '## Reason codes and explanations',
    '',
    table(
      ['code', 'kind', 'sv', 'en'],
      document.reasonCodes.map((r) => [
        `\`${r.code}\``,
        r.kind.toLowerCase(),
        r.translations?.sv ?? '–',
        r.explanation,
      ]),
    ),
    '',
    ...obligationsLines(document),
  ].join('\n');
}

export const SE_DOCS_PATH = fileURLToPath(new URL('../../docs/policy-se.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SE_DOCS_PATH, renderSwedishPolicyMarkdown(loadPolicy(SE_DEFAULT)));
}
