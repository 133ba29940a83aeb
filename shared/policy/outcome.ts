/**
 * Turns the gates' result into the Decision the API returns: ordered reason codes (decisive first,
 * informational in the pack's order), one explanation per code, obligations, basis, rows, payload.
 */
import type { Consent } from '../records/model.ts';
import type { FlowDef, PolicyDocument } from './document.ts';
import type { DecisionInput } from './engine.ts';
import { explain } from './explain.ts';
import type { Row } from './field-rules.ts';
import type { OverrideApplied } from './gates/objection.ts';
import type { JsonObject } from './paths.ts';
import { seBasis, type SeBasis } from './basis-se.ts';
import type { Language } from './document-se.ts';
import type { ConsentFallback } from './gates/consent-fallback.ts';
import { sparrSummary, type BlockSummary } from './gates/blocks.ts';
import { defaultLanguage, offeredLanguages } from './languages.ts';
import { resolve, type SelectContext } from './select.ts';
import type { Stop, Trace } from './trace.ts';

export interface Transformation {
  readonly path: string;
  readonly action: 'DROPPED' | 'GENERALISED' | 'PSEUDONYMISED';
  readonly reason: string;
}

export type Basis = UkBasis | SeBasis;

export interface UkBasis {
  readonly source: 'PATIENT_CONSENT' | 'INSTRUMENT' | 'ROPA';
  readonly recordId?: string;
  readonly art6: string;
  readonly art9: string;
  readonly dpaSch1Para: string | null;
  readonly commonLaw: string;
}

export interface Decision {
  readonly decision: 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
  readonly reasonCodes: readonly string[];
  /** In the pack's default language. */
  readonly explanations: readonly string[];
  readonly explanationsLanguage: Language;
  /** The same explanations in every language the pack offers (policy-se.md §6). */
  readonly explanationsByLanguage: Readonly<Partial<Record<Language, readonly string[]>>>;
  readonly obligations: readonly string[];
  /** Under a pack with blocks (spärr): what the decision saw of them, ids only. */
  readonly sparr?: BlockSummary;
  /** null when no flow matched. */
  readonly basis: Basis | null;
  /** Flow id from the register, e.g. `insurer-payment`; null when none matched. */
  readonly flow: string | null;
  readonly mandatory: boolean;
  readonly transformations: readonly Transformation[];
  /** Only for ALLOW / ALLOW_WITH_REDACTION: exactly what may be sent. */
  readonly payload?: Record<string, unknown>;
}

export interface Evaluated {
  readonly flow: FlowDef | null;
  readonly mandatory: boolean;
  readonly instrumentRef?: string | undefined;
  readonly consent?: Consent | undefined;
  readonly override?: OverrideApplied | undefined;
  /** What stood in for a consent that was never given (emergency access, implied consent). */
  readonly fallback?: ConsentFallback | undefined;
  readonly sparr?: BlockSummary | undefined;
}

function selectOf(input: DecisionInput): SelectContext {
  return {
    funding: input.request.episode.funding,
    subPurpose: input.request.subPurpose,
    switches: input.policy.document.switches,
  };
}

function basisFor(input: DecisionInput, evaluated: Evaluated): Basis | null {
  const { flow } = evaluated;
  if (flow === null) return null;
  const select = selectOf(input);
  const source =
    evaluated.mandatory || flow.mandatory !== null ? 'INSTRUMENT' : flow.consent === null ? 'ROPA' : 'PATIENT_CONSENT';
  const recordId =
    source === 'INSTRUMENT'
      ? evaluated.instrumentRef
      : source === 'PATIENT_CONSENT'
        ? evaluated.consent?.consentId
        : undefined;
  if ('seGround' in flow.basis) return seBasis(flow.basis, select, { source, recordId }, evaluated.fallback);
  return {
    source,
    ...(recordId === undefined ? {} : { recordId }),
    art6: resolve(flow.basis.art6, select),
    art9: resolve(flow.basis.art9, select),
    dpaSch1Para: flow.basis.dpaSch1Para,
    commonLaw: flow.basis.commonLaw,
  };
}

function packOrder(document: PolicyDocument, codes: readonly string[]): string[] {
  const rank = (code: string): number => {
    const index = document.reasonCodes.findIndex((reason) => reason.code === code);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function legalBasis(evaluated: Evaluated, input: DecisionInput): string | undefined {
  const { flow } = evaluated;
  if (flow === null) return undefined;
  if (!evaluated.mandatory)
    return 'seGround' in flow.basis ? resolve(flow.basis.seGround, selectOf(input)) : flow.basis.commonLaw;
  return evaluated.instrumentRef === undefined
    ? (flow.mandatory?.implied ?? undefined)
    : input.request.instrument?.ref.split(':')[0];
}

function assemble(
  input: DecisionInput,
  trace: Trace,
  decisive: { code: string; vars?: Stop['vars'] },
  evaluated: Evaluated,
) {
  const document = input.policy.document;
  trace.base.legalBasis = legalBasis(evaluated, input);
  const reasonCodes = unique([
    decisive.code,
    ...packOrder(
      document,
      trace.codes().filter((code) => code !== decisive.code),
    ),
  ]);
  const varsOf = (code: string) =>
    code === decisive.code ? { ...trace.varsOf(code), ...decisive.vars } : trace.varsOf(code);
  const language = defaultLanguage(document, selectOf(input));
  const explanationsByLanguage = Object.fromEntries(
    offeredLanguages(document).map((lang) => [
      lang,
      reasonCodes.map((code) => explain(document, code, varsOf(code), lang)),
    ]),
  );
  return {
    reasonCodes,
    explanations: explanationsByLanguage[language] ?? [],
    explanationsLanguage: language,
    explanationsByLanguage,
    ...(document.blocks ? { sparr: evaluated.sparr ?? sparrSummary(input.records, input.now) } : {}),
    basis: basisFor(input, evaluated),
    flow: evaluated.flow?.id ?? null,
    mandatory: evaluated.mandatory,
  };
}

export function stopped(input: DecisionInput, trace: Trace, gate: Stop, evaluated: Evaluated): Decision {
  return {
    decision: gate.decision,
    ...assemble(input, trace, gate, evaluated),
    obligations: unique(gate.obligations ?? []),
    transformations: [],
  };
}

export function allowed(
  input: DecisionInput,
  trace: Trace,
  evaluated: Evaluated & { rows: readonly Row[]; payload: JsonObject },
): Decision {
  const flow = evaluated.flow!;
  for (const row of evaluated.rows) {
    // Stripped identifiers were traced by gate 3 itself, so a later stop still reports them.
    if (row.reason !== 'DQ_IDENTIFIER_STRIPPED') trace.info(row.reason, { fields: row.path });
    if (row.action !== 'DROPPED' && row.reason !== row.action) trace.info(row.action, { fields: row.path });
  }
  const code = evaluated.override?.allowCode ?? evaluated.fallback?.allowCode ?? flow.allow.code;
  return {
    decision: evaluated.rows.some((row) => row.present) ? 'ALLOW_WITH_REDACTION' : 'ALLOW',
    ...assemble(input, trace, { code }, evaluated),
    obligations: unique([
      ...flow.allow.obligations,
      ...(evaluated.override?.obligations ?? []),
      ...(evaluated.fallback?.obligations ?? []),
    ]),
    transformations: evaluated.rows.map(({ path, action, reason }) => ({ path, action, reason })),
    payload: evaluated.payload,
  };
}
