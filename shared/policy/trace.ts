/**
 * What one evaluation accumulates on its way through the gates: informational codes with the
 * variables their explanations need, and obligations. Per call, never shared.
 */
import type { ExplanationVars } from './explain.ts';

/** A gate that stopped the evaluation: the decision and its decisive code. */
export interface Stop {
  readonly decision: 'DENY' | 'REFER';
  readonly code: string;
  readonly vars?: ExplanationVars;
  readonly obligations?: readonly string[];
}

export function stop(
  decision: 'DENY' | 'REFER',
  code: string,
  vars?: ExplanationVars,
  obligations?: readonly string[],
): Stop {
  return { decision, code, ...(vars ? { vars } : {}), ...(obligations ? { obligations } : {}) };
}

export class Trace {
  readonly base: Record<string, string | undefined>;
  /**
   * Codes in the order first added, and beside each its variables. Two arrays searched in turn, not
   * a Map: a decision adds a handful of codes, and a Map was its largest single allocation after the
   * answer (issue 15).
   */
  readonly #codes: string[] = [];
  readonly #vars: Record<string, string | undefined>[] = [];

  constructor(base: Record<string, string | undefined>) {
    this.base = base;
  }

  #own(code: string): Record<string, string | undefined> | undefined {
    const codes = this.#codes;
    for (let i = 0; i < codes.length; i += 1) if (codes[i] === code) return this.#vars[i];
    return undefined;
  }

  #add(code: string, vars: Record<string, string | undefined>): void {
    this.#codes.push(code);
    this.#vars.push(vars);
  }

  /** Adds an informational code; repeated codes collect their field paths into one sentence. */
  info(code: string, vars: ExplanationVars = {}): void {
    const existing = this.#own(code);
    if (existing === undefined) return this.#add(code, { ...vars });
    if (vars.fields !== undefined)
      existing.fields = existing.fields === undefined ? vars.fields : `${existing.fields}, ${vars.fields}`;
  }

  /** The same as `info(code, { fields: path })`, without a variables object to copy (one per transformation row). */
  infoField(code: string, path: string): void {
    const existing = this.#own(code);
    if (existing === undefined) this.#add(code, { fields: path });
    else existing.fields = existing.fields === undefined ? path : `${existing.fields}, ${path}`;
  }

  /** Every code added so far, in the order first added: a fresh list the caller may sort. */
  codes(): string[] {
    return this.#codes.slice();
  }

  varsOf(code: string): ExplanationVars {
    return { ...this.base, ...(this.#own(code) ?? {}) };
  }

  /**
   * What `varsOf(code)` merges, as layers to look a variable up in (explain.ts `VarLayers`), so an
   * explanation reads the few variables its template names instead of copying every one per code.
   */
  layersOf(code: string): ExplanationVars[] {
    const own = this.#own(code);
    return own === undefined ? [this.base] : [own, this.base];
  }
}
