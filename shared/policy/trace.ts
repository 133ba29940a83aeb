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
  readonly #info = new Map<string, Record<string, string | undefined>>();
  /** The map's keys in insertion order, kept beside it so listing them makes no iterator (issue 15). */
  readonly #codes: string[] = [];

  constructor(base: Record<string, string | undefined>) {
    this.base = base;
  }

  /** Adds an informational code; repeated codes collect their field paths into one sentence. */
  info(code: string, vars: ExplanationVars = {}): void {
    const existing = this.#info.get(code);
    if (existing === undefined) {
      this.#info.set(code, { ...vars });
      this.#codes.push(code);
      return;
    }
    if (vars.fields !== undefined)
      existing.fields = existing.fields === undefined ? vars.fields : `${existing.fields}, ${vars.fields}`;
  }

  /** The same as `info(code, { fields: path })`, without a variables object to copy (one per transformation row). */
  infoField(code: string, path: string): void {
    const existing = this.#info.get(code);
    if (existing === undefined) {
      this.#info.set(code, { fields: path });
      this.#codes.push(code);
    } else existing.fields = existing.fields === undefined ? path : `${existing.fields}, ${path}`;
  }

  /** Every code added so far, in the order first added: a fresh list the caller may sort. */
  codes(): string[] {
    return this.#codes.slice();
  }

  varsOf(code: string): ExplanationVars {
    return { ...this.base, ...(this.#info.get(code) ?? {}) };
  }

  /**
   * What `varsOf(code)` merges, as layers to look a variable up in (explain.ts `VarLayers`), so an
   * explanation reads the few variables its template names instead of copying every one per code.
   */
  layersOf(code: string): ExplanationVars[] {
    const own = this.#info.get(code);
    return own === undefined ? [this.base] : [own, this.base];
  }
}
