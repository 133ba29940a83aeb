/**
 * Turns the gates' result into the Decision the API returns: ordered reason codes (decisive first,
 * informational in the pack's order), one explanation per code, obligations, basis, rows, payload.
 */
import type { Consent } from '../records/model.ts';
import type { AlternativeBasis, FlowDef, PolicyDocument } from './document.ts';
import type { DecisionInput } from './engine.ts';
import { explainFrom } from './explain.ts';
import type { Row } from './field-rules.ts';
import type { OverrideApplied } from './gates/objection.ts';
import type { JsonObject } from './paths.ts';
import { seBasis, type SeBasis } from './basis-se.ts';
import type { Language } from './document-se.ts';
import type { ConsentFallback } from './gates/consent-fallback.ts';
import { sparrSummary, type BlockSummary } from './gates/blocks.ts';
import { defaultLanguage, offeredLanguages } from './languages.ts';
import { packIndex, type PackIndex } from './pack-index.ts';
import { resolve, type SelectContext } from './select.ts';
import type { Stop, Trace } from './trace.ts';

export interface Transformation {
  readonly path: string;
  readonly action: 'DROPPED' | 'GENERALISED' | 'PSEUDONYMISED';
  readonly reason: string;
}

export type Basis = UkBasis | SeBasis;

/** The source REVIEW: a reviewer approved a referred disclosure for which no consent is on record (reviews.md §2). */
export type BasisSource = 'PATIENT_CONSENT' | 'INSTRUMENT' | 'ROPA' | 'REVIEW';

export interface UkBasis {
  readonly source: BasisSource;
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
  /** A basis other than the flow's own (an anonymous record, section 251 support). */
  readonly alternative?: AlternativeBasis | undefined;
  /** The approval that let a referred decision through (engine.ts ReviewInput). */
  readonly approval?: { readonly reviewId: string; readonly conditions: boolean } | undefined;
  /** Obligations a release carries besides the flow's and the override's (a covering restriction's). */
  readonly obligations?: readonly string[];
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
  const ownSource =
    evaluated.mandatory || flow.mandatory !== null
      ? 'INSTRUMENT'
      : evaluated.alternative !== undefined
        ? 'ROPA'
        : flow.consent !== null || evaluated.consent !== undefined
          ? 'PATIENT_CONSENT'
          : 'ROPA';
  // A consent flow released on a reviewer's approval without a consent rests on that approval.
  const onApproval = ownSource === 'PATIENT_CONSENT' && !evaluated.consent && evaluated.approval;
  const source = onApproval ? 'REVIEW' : ownSource;
  const legal = evaluated.alternative ?? flow.basis;
  const recordId =
    source === 'INSTRUMENT'
      ? evaluated.instrumentRef
      : source === 'PATIENT_CONSENT'
        ? evaluated.consent?.consentId
        : source === 'REVIEW'
          ? evaluated.approval?.reviewId
          : undefined;
  if ('seGround' in legal) return seBasis(legal, select, { source, recordId }, evaluated.fallback);
  const art6 = resolve(legal.art6, select);
  const art9 = resolve(legal.art9, select);
  const { dpaSch1Para, commonLaw } = legal;
  // Two literals rather than a spread of an optional part: the same keys in the same order.
  return recordId === undefined
    ? { source, art6, art9, dpaSch1Para, commonLaw }
    : { source, recordId, art6, art9, dpaSch1Para, commonLaw };
}

/** Whether a released payload holds a group (`narrative`) or a field (`clinical.diagnoses`). */
function releases(payload: JsonObject, path: string): boolean {
  const dot = path.indexOf('.');
  if (dot === -1) return Object.hasOwn(payload, path);
  const group = path.slice(0, dot);
  return Object.hasOwn(payload, group) && Object.hasOwn(payload[group] as JsonObject, path.slice(dot + 1));
}

/** Adds each value not already in `into`, in order; the lists are a handful of codes, so a scan beats a Set. */
function addUnique(into: string[], values: readonly string[] | undefined): void {
  if (values === undefined) return;
  for (let i = 0; i < values.length; i += 1) if (!into.includes(values[i]!)) into.push(values[i]!);
}

/**
 * A release's obligations, each once, in this order: the flow's, the override's, the fallback's,
 * those the flow attaches to releasing some groups or fields (free text to be checked first,
 * §9.1.3), a covering restriction's, a reviewer's conditions. One list, not six spread into one.
 */
function releaseObligations(flow: FlowDef, evaluated: Evaluated & { payload: JsonObject }): string[] {
  const obligations: string[] = [];
  addUnique(obligations, flow.allow.obligations);
  addUnique(obligations, evaluated.override?.obligations);
  addUnique(obligations, evaluated.fallback?.obligations);
  for (const rule of flow.allow.whenReleased ?? [])
    if (rule.paths.some((path) => releases(evaluated.payload, path))) addUnique(obligations, [rule.obligation]);
  addUnique(obligations, evaluated.obligations);
  if (evaluated.approval?.conditions) addUnique(obligations, ['REVIEWER_CONDITIONS']);
  return obligations;
}

/** Whether `a` comes after `b` in the pack's order of codes (unknown codes last, alphabetically). */
function comesAfter(reasons: PackIndex['reasons'], a: string, b: string): boolean {
  const order = (reasons.get(a)?.rank ?? Number.MAX_SAFE_INTEGER) - (reasons.get(b)?.rank ?? Number.MAX_SAFE_INTEGER);
  return (order || a.localeCompare(b)) > 0;
}

/**
 * Sorts informational codes in place into the pack's order. An insertion sort, stable like
 * Array#sort: a decision has a handful of codes, sorted here without the copy Array#sort makes.
 */
function sortInPackOrder(document: PolicyDocument, codes: string[]): void {
  const { reasons } = packIndex(document);
  for (let i = 1; i < codes.length; i += 1) {
    const code = codes[i]!;
    let j = i - 1;
    for (; j >= 0 && comesAfter(reasons, codes[j]!, code); j -= 1) codes[j + 1] = codes[j]!;
    codes[j + 1] = code;
  }
}

/** First occurrences in order. */
function unique(values: readonly string[]): string[] {
  const out: string[] = [];
  addUnique(out, values);
  return out;
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

/** What a decision carries besides its reasons and basis: the part its kind (stop or release) decides. */
interface Tail {
  readonly obligations: readonly string[];
  readonly transformations: readonly Transformation[];
  readonly payload?: JsonObject;
}

type Answer = { -readonly [K in keyof Decision]: Decision[K] };

/**
 * The Decision itself, its keys always in the same order. Built as one object and completed in
 * place rather than spread into another (issue 15: a copy of a dozen keys per decision).
 */
function assemble(
  input: DecisionInput,
  trace: Trace,
  decisive: { decision: Decision['decision']; code: string; vars?: Stop['vars'] },
  evaluated: Evaluated,
  tail: Tail,
): Decision {
  const document = input.policy.document;
  trace.base.legalBasis = legalBasis(evaluated, input);
  const reasonCodes = reasonCodesOf(document, trace, decisive.code);
  const language = defaultLanguage(document, selectOf(input));
  // The decisive stop's variables come first, over the code's own and the decision's.
  const layers = reasonCodes.map((code, i) =>
    i === 0 && decisive.vars ? [decisive.vars, ...trace.layersOf(code)] : trace.layersOf(code),
  );
  const explanationsByLanguage: Partial<Record<Language, string[]>> = {};
  for (const lang of offeredLanguages(document))
    explanationsByLanguage[lang] = reasonCodes.map((code, i) => explainFrom(document, code, layers[i]!, lang));
  const answer: Partial<Answer> = {
    decision: decisive.decision,
    reasonCodes,
    explanations: explanationsByLanguage[language] ?? [],
    explanationsLanguage: language,
    explanationsByLanguage,
  };
  if (document.blocks) answer.sparr = evaluated.sparr ?? sparrSummary(input.records, input.now);
  answer.basis = basisFor(input, evaluated);
  answer.flow = evaluated.flow?.id ?? null;
  answer.mandatory = evaluated.mandatory;
  answer.obligations = tail.obligations;
  answer.transformations = tail.transformations;
  if (tail.payload !== undefined) answer.payload = tail.payload;
  return answer as Decision;
}

/** The decisive code, then the trace's others in the pack's order: each once, since the trace keeps a code once. */
function reasonCodesOf(document: PolicyDocument, trace: Trace, decisive: string): string[] {
  const codes = trace.codes();
  const at = codes.indexOf(decisive);
  if (at !== -1) codes.splice(at, 1);
  sortInPackOrder(document, codes);
  codes.unshift(decisive);
  return codes;
}

export function stopped(input: DecisionInput, trace: Trace, gate: Stop, evaluated: Evaluated): Decision {
  return assemble(input, trace, gate, evaluated, {
    obligations: unique(gate.obligations ?? []),
    transformations: [],
  });
}

export function allowed(
  input: DecisionInput,
  trace: Trace,
  evaluated: Evaluated & { rows: readonly Row[]; unrequested: number; payload: JsonObject },
): Decision {
  const flow = evaluated.flow!;
  for (let i = 0; i < evaluated.rows.length; i += 1) {
    const row = evaluated.rows[i]!;
    // Stripped identifiers were traced by gate 3 itself, so a later stop still reports them.
    if (row.reason !== 'DQ_IDENTIFIER_STRIPPED') trace.infoField(row.reason, row.path);
    if (row.action !== 'DROPPED' && row.reason !== row.action) trace.infoField(row.action, row.path);
  }
  const { approval } = evaluated;
  const code = approval
    ? 'ALLOW_REVIEW_APPROVED'
    : (evaluated.override?.allowCode ??
      evaluated.alternative?.allow ??
      evaluated.fallback?.allowCode ??
      flow.allow.code);
  // Every row but the trailing `unrequested` ones changed a path the request had (minimise.ts).
  const redacted = evaluated.rows.length > evaluated.unrequested;
  return assemble(input, trace, { decision: redacted ? 'ALLOW_WITH_REDACTION' : 'ALLOW', code }, evaluated, {
    obligations: releaseObligations(flow, evaluated),
    // The rows are fresh per call and have the answer's shape: handed over, not copied (issue 15).
    transformations: evaluated.rows,
    payload: evaluated.payload,
  });
}
