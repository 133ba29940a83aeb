/**
 * The engine names no recipient, flow or switch value (policy-uk.md: "the pack is data, not code";
 * issue 13 item 1): outside the packs (`uk-default/`, `se-default/`) and the switch catalogues, no
 * string in shared/policy/ is a flow id or a recipient category, and the only switches read by
 * name are the parameters below, which the gates use as numbers, flags or the decision itself and
 * never compare with a value. A new switch belongs in the pack as a selector (`switch:<name>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { SE_DEFAULT_SWITCHES } from '../../../shared/policy/se-switches.ts';
import { DEFAULT_SWITCHES } from '../../../shared/policy/switches.ts';
import { UK_DEFAULT } from '../../../shared/policy/uk-default/index.ts';
import { RECIPIENT_CATEGORIES } from '../../../shared/records/model.ts';
import { REPO_ROOT, sourcesUnder } from '../architecture/import-rules.ts';

/** Switches the 2026.1 gates and the Swedish spärr gate read as parameters (hours, a flag, a DENY/REFER). */
const PARAMETERS_READ_BY_NAME = [
  'chi.acceptMod10',
  'ndop.maxAgeHours',
  'ndop.unknownStatus',
  'nhs.allowTestRange',
  'se.sparr.maxAgeHours',
];
/** Not engine code: the packs, the switch catalogues and the pack schema (which tells the catalogues apart). */
const NOT_ENGINE = /^shared\/policy\/(uk-default\/|se-default\/|switches\.ts$|se-switches\.ts$|document\.ts$)/;

const SWITCH_NAMES = new Set([...Object.keys(DEFAULT_SWITCHES), ...Object.keys(SE_DEFAULT_SWITCHES)]);
const PACK_WORDS = new Set<string>([
  ...UK_DEFAULT.flows.map((flow) => flow.id),
  ...SE_DEFAULT.flows.map((flow) => flow.id),
  ...RECIPIENT_CATEGORIES,
]);

interface Named {
  readonly file: string;
  readonly text: string;
}

/** String literals in value positions; `PHIN` as a pseudonym key domain (a type, a `pseudonymise` call) is no recipient. */
function literalsOf(file: string, source: string): Named[] {
  const found: Named[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && !isPseudonymDomain(node)) found.push({ file, text: node.text });
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

function isPseudonymDomain(node: ts.StringLiteralLike): boolean {
  const { parent } = node;
  if (ts.isLiteralTypeNode(parent)) return true;
  return ts.isCallExpression(parent) && /pseudonymise$/u.test(parent.expression.getText());
}

function engineLiterals(): Named[] {
  return sourcesUnder(REPO_ROOT, 'shared/policy')
    .filter((file) => !NOT_ENGINE.test(file))
    .flatMap((file) => literalsOf(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
}

describe('the policy engine names no recipient, flow or switch value', () => {
  it('has no flow id or recipient category in engine code, and reads by name only the parameter switches', () => {
    // Act
    const literals = engineLiterals();
    const packWords = literals.filter(({ text }) => PACK_WORDS.has(text));
    const switchesRead = [...new Set(literals.filter(({ text }) => SWITCH_NAMES.has(text)).map(({ text }) => text))];

    // Assess
    expect(literals.length).toBeGreaterThan(300);
    expect(packWords).toEqual([]);
    expect(switchesRead.sort()).toEqual(PARAMETERS_READ_BY_NAME);
  });

  it('catches a planted flow id, category or switch, and lets a pseudonym domain pass', () => {
    // Act
    const planted = literalsOf(
      'shared/policy/gates/x.ts',
      [
        "if (context.flow.id === 'police-voluntary') return stop('REFER', 'X');",
        "if (recipient.category === 'SOLICITOR_PROVIDER') return;",
        "const vital = switches['restriction.vitalInterests'] === 'ALLOW';",
        "await context.pseudonymise('PHIN', 'LOCAL', value);",
      ].join('\n'),
    ).filter(({ text }) => PACK_WORDS.has(text) || SWITCH_NAMES.has(text));

    // Assess
    expect(planted.map(({ text }) => text)).toEqual([
      'police-voluntary',
      'SOLICITOR_PROVIDER',
      'restriction.vitalInterests',
    ]);
  });
});
