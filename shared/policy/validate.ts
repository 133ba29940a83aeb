/**
 * Cross-reference checks the zod schema cannot express: every name the pack uses points at
 * something the pack defines, and every selector covers every value it can meet at runtime.
 */
import { FUNDINGS } from '../schemas/disclosure.ts';
import type { FlowDef, PolicyDocument, RuleExpr } from './document.ts';
import type { PolicyIssue } from './errors.ts';
import { EXPLANATION_VARIABLES } from './explain.ts';
import { isSelector } from './select.ts';
import { isSwitchName, switchValues } from './switches.ts';
import { checkRestriction } from './restriction/validate.ts';

export function crossCheck(document: PolicyDocument): PolicyIssue[] {
  return [
    ...checkUnique(document),
    ...checkSelectors(document, ''),
    ...checkProfiles(document),
    ...checkFlows(document),
    ...checkTemplates(document),
    ...checkRestriction(document),
  ];
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

function checkUnique(document: PolicyDocument): PolicyIssue[] {
  const lists: [string, string[]][] = [
    ['flows', document.flows.map((flow) => flow.id)],
    ['fields', document.fields.map((field) => field.path)],
    ['reasonCodes', document.reasonCodes.map((reason) => reason.code)],
    ['obligations', document.obligations.map((obligation) => obligation.code)],
    ['overrides', document.overrides.map((override) => override.code)],
  ];
  return lists.flatMap(([path, values]) =>
    duplicates(values).map((value) => ({ path, message: `duplicate ${value}` })),
  );
}

function checkSelectors(node: unknown, path: string): PolicyIssue[] {
  if (typeof node !== 'object' || node === null) return [];
  const children = Object.entries(node).flatMap(([key, child]) =>
    checkSelectors(child, path === '' ? key : `${path}.${key}`),
  );
  if (!isSelector(node)) return children;
  return [...selectorCoverage(node.select, Object.keys(node.cases), node.otherwise !== undefined, path), ...children];
}

function selectorCoverage(
  select: string,
  cases: readonly string[],
  hasOtherwise: boolean,
  path: string,
): PolicyIssue[] {
  if (hasOtherwise) return [];
  let expected: readonly string[] | undefined;
  if (select === 'funding') expected = FUNDINGS;
  else if (select.startsWith('switch:') && isSwitchName(select.slice(7)))
    expected = switchValues(select.slice(7) as never);
  if (expected === undefined) return [{ path, message: `selector ${select} needs an otherwise case` }];
  return expected
    .filter((value) => !cases.includes(value))
    .map((value) => ({ path, message: `selector ${select} has no case ${value}` }));
}

interface RuleSite {
  readonly fieldPath: string;
  readonly path: string;
  readonly items: readonly string[];
  readonly known: ReadonlySet<string>;
}

function ruleIssues(rule: RuleExpr, site: RuleSite): PolicyIssue[] {
  if (isSelector<RuleExpr>(rule)) {
    return [...Object.values(rule.cases), ...(rule.otherwise ? [rule.otherwise] : [])].flatMap((inner) =>
      ruleIssues(inner, site),
    );
  }
  if ('ifClearIdentifiers' in rule)
    return [...ruleIssues(rule.ifClearIdentifiers, site), ...ruleIssues(rule.otherwise, site)];
  const { path } = site;
  if (rule.action === 'K' && rule.itemFields) {
    return rule.itemFields
      .filter((name) => !site.items.includes(name))
      .map((name) => ({ path, message: `item field ${name} is not in the catalogue` }));
  }
  // A generalised value may move (dateOfBirth → ageBand) but stays in its group and never lands on a known field.
  if (rule.action === 'G' && rule.as !== undefined) {
    const sameGroup = /^[a-z]+\.[A-Za-z]+$/u.test(rule.as) && rule.as.split('.')[0] === site.fieldPath.split('.')[0];
    if (!sameGroup || site.known.has(rule.as))
      return [{ path, message: 'generalised output must be a new field of the same group' }];
  }
  return [];
}

function checkProfiles(document: PolicyDocument): PolicyIssue[] {
  const fields = new Map(document.fields.map((field) => [field.path, field]));
  return Object.entries(document.profiles).flatMap(([name, profile]) =>
    Object.entries(profile.rules).flatMap(([fieldPath, rule]) => {
      const field = fields.get(fieldPath);
      const path = `profiles.${name}.rules.${fieldPath}`;
      if (!field) return [{ path, message: 'not a catalogue field' }];
      return ruleIssues(rule, {
        fieldPath,
        path,
        items: Object.keys(field.items ?? {}),
        known: new Set(fields.keys()),
      });
    }),
  );
}

function checkFlows(document: PolicyDocument): PolicyIssue[] {
  const codes = new Set(document.reasonCodes.map((reason) => reason.code));
  const obligations = new Set(document.obligations.map((obligation) => obligation.code));
  const issues: PolicyIssue[] = [];
  const used = [
    ...document.flows.flatMap((flow) => [
      flow.allow.code,
      ...outcomeCodes(flow),
      ...codes2026x2(flow),
      ...fallbackCodes(flow),
    ]),
    ...document.overrides.map((override) => override.allow),
    ...Object.values(document.blocks?.codes ?? {}),
    ...(document.recipientChannels ?? []).map((channel) => channel.onOtherRecipient.code),
  ];
  for (const code of used)
    if (!codes.has(code)) issues.push({ path: 'flows', message: `reason code ${code} has no explanation` });
  const usedObligations = [
    ...document.flows.flatMap((flow) => [
      ...flow.allow.obligations,
      ...(flow.consent?.onWithdrawnObligations ?? []),
      ...(flow.allow.whenReleased ?? []).map((rule) => rule.obligation),
      ...(flow.emergencyAccess?.replacesMissingConsent?.obligations ?? []),
      ...selectedLists(flow.objection.onBlockObligations),
    ]),
    ...document.overrides.flatMap((override) => override.obligations),
  ];
  for (const code of usedObligations)
    if (!obligations.has(code)) issues.push({ path: 'obligations', message: `unknown obligation ${code}` });
  for (const flow of document.flows) {
    const profiles = [
      flow.profile,
      ...(flow.mandatory?.instruments ?? []).flatMap((i) => (i.profile ? [i.profile] : [])),
    ];
    for (const profile of profiles)
      if (!Object.hasOwn(document.profiles, profile))
        issues.push({ path: `flows.${flow.id}.profile`, message: `unknown profile ${profile}` });
  }
  return [...issues, ...checkFlowOverlap(document)];
}

/** The ALLOW codes of alternative bases (`{ allow, art6, … }`), however deeply selected. */
function alternativeAllowCodes(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const own = 'allow' in node && 'art9' in node && typeof node.allow === 'string' ? [node.allow] : [];
  return [...own, ...Object.values(node).flatMap(alternativeAllowCodes)];
}

/** Codes of the 2026.2 mechanisms: alternative bases' ALLOW codes and the code a non-blocking objection adds. */
function codes2026x2(flow: FlowDef): string[] {
  return [
    ...alternativeAllowCodes(flow.clearIdentifiers ?? {}),
    ...(flow.anonymousRecord ? [flow.anonymousRecord.allow] : []),
    ...(flow.objection.whenMatched ? [flow.objection.whenMatched.info] : []),
  ];
}

/** Every code a flow can decide with: outcomes (`{ decision, code }`) and redaction reasons, however deeply selected. */
function outcomeCodes(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const own: string[] = [];
  if ('decision' in node && 'code' in node && typeof node.code === 'string') own.push(node.code);
  if ('reason' in node && typeof node.reason === 'string') own.push(node.reason);
  return [...own, ...Object.values(node).flatMap(outcomeCodes)];
}

/** Allow codes of the bases that stand in for a missing consent. */
function fallbackCodes(flow: PolicyDocument['flows'][number]): string[] {
  return [flow.emergencyAccess?.replacesMissingConsent?.allow, flow.consent?.implied?.allow].filter(
    (code): code is string => code !== undefined,
  );
}

/** Every value a selectable list can take. */
function selectedLists(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  if (!isSelector<string[]>(value)) return [];
  return [...Object.values(value.cases), ...(value.otherwise ? [value.otherwise] : [])].flatMap(selectedLists);
}

/** Two flows may share (category, purpose) only when at most one of them is non-mandatory. */
function checkFlowOverlap(document: PolicyDocument): PolicyIssue[] {
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  for (const flow of document.flows.filter(
    (candidate) => candidate.mandatory === null || candidate.mandatory.implied !== null,
  )) {
    for (const category of flow.categories) {
      const key = `${category}/${flow.purpose}${flow.channel ? `/${JSON.stringify(flow.channel)}` : ''}`;
      if (seen.has(key)) issues.push({ path: `flows.${flow.id}`, message: `second unconditional flow for ${key}` });
      seen.add(key);
    }
  }
  return issues;
}

function checkTemplates(document: PolicyDocument): PolicyIssue[] {
  const offered = document.languages?.offered ?? ['en'];
  const missing = document.reasonCodes.flatMap((reason) =>
    offered
      .filter((language) => language !== 'en' && reason.translations?.[language] === undefined)
      .map((language) => ({ path: `reasonCodes.${reason.code}`, message: `no ${language} explanation` })),
  );
  const templates = document.reasonCodes.flatMap((reason) =>
    [
      reason.explanation,
      ...Object.values(reason.translations ?? {}),
      ...(reason.variants ?? []).map((variant) => variant.explanation),
    ].map((text) => ({ code: reason.code, text })),
  );
  const names = [
    ...templates.flatMap(({ code, text }) =>
      [...text.matchAll(/\{([A-Za-z0-9]+)\}/gu)].map((match) => ({ code, name: match[1]! })),
    ),
    ...document.reasonCodes.flatMap((reason) =>
      (reason.variants ?? []).map((variant) => ({ code: reason.code, name: variant.when })),
    ),
  ];
  return [
    ...missing,
    ...names
      .filter(({ name }) => !EXPLANATION_VARIABLES.includes(name))
      .map(({ code, name }) => ({ path: `reasonCodes.${code}`, message: `unknown template variable ${name}` })),
  ];
}
