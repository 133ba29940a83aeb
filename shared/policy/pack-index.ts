/**
 * What every decision looks up in its pack, indexed once per pack instead of searched per call
 * (issue 15): reason codes by code with their rank in the pack's order, explanation templates cut
 * into text and variables, field paths already split, and the catalogue's known paths. A loaded
 * pack is frozen, so its index never goes stale; it is kept beside the document, not inside it, so
 * the document (and its digest) stay exactly what the pack says.
 */
import type { FieldDef, FlowDef, PolicyDocument } from './document.ts';
import { isObject, type JsonObject } from './paths.ts';

export type ReasonDef = PolicyDocument['reasonCodes'][number];

export interface IndexedReason {
  readonly reason: ReasonDef;
  /** Position in the pack's list: informational codes are reported in this order. */
  readonly rank: number;
}

export interface IndexedField {
  readonly def: FieldDef;
  readonly group: string;
  readonly name: string;
}

export interface PackIndex {
  readonly reasons: ReadonlyMap<string, IndexedReason>;
  readonly fields: readonly IndexedField[];
  /** The fields the catalogue lists, by group. */
  readonly known: ReadonlyMap<string, ReadonlySet<string>>;
  /** The flows of each purpose, in the pack's order (flow matching reads only those). */
  readonly flowsByPurpose: ReadonlyMap<string, readonly FlowDef[]>;
}

const INDEXES = new WeakMap<PolicyDocument, PackIndex>();

function build(document: PolicyDocument): PackIndex {
  const reasons = new Map<string, IndexedReason>();
  // The first entry of a code wins, as `find` did.
  document.reasonCodes.forEach((reason, rank) => {
    if (!reasons.has(reason.code)) reasons.set(reason.code, { reason, rank });
  });
  const fields = document.fields.map((def) => {
    const dot = def.path.indexOf('.');
    return { def, group: def.path.slice(0, dot), name: def.path.slice(dot + 1) };
  });
  const known = new Map<string, Set<string>>();
  for (const field of fields) known.set(field.group, (known.get(field.group) ?? new Set()).add(field.name));
  const flowsByPurpose = new Map<string, FlowDef[]>();
  for (const flow of document.flows)
    flowsByPurpose.set(flow.purpose, [...(flowsByPurpose.get(flow.purpose) ?? []), flow]);
  return { reasons, fields, known, flowsByPurpose };
}

/** The field's value in a payload, if its group is an object that holds it. */
export function valueAt(payload: JsonObject, field: IndexedField): unknown {
  const container = payload[field.group];
  return isObject(container) && Object.hasOwn(container, field.name) ? container[field.name] : undefined;
}

export function packIndex(document: PolicyDocument): PackIndex {
  let index = INDEXES.get(document);
  if (index === undefined) {
    index = build(document);
    INDEXES.set(document, index);
  }
  return index;
}

/** A template cut at its `{variable}`s: even positions are text, odd positions variable names. */
export type Template = readonly string[];

const TEMPLATES = new Map<string, Template>();

/** Templates are pack text, a closed set, so the cache is bounded by the packs a process loads. */
export function compiledTemplate(text: string): Template {
  let parts = TEMPLATES.get(text);
  if (parts === undefined) {
    parts = text.split(/\{([A-Za-z0-9]+)\}/u);
    TEMPLATES.set(text, parts);
  }
  return parts;
}
