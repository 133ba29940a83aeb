/**
 * What an inner block withholds (policy-se.md §2 "Origin of a payload item"): an object item of a
 * listed clinical list originates in its own `careUnitId`, every other field of the journal groups
 * in the episode's unit. An origin that is missing or malformed is unknown, and unknown counts as
 * blocked whenever any inner block is in force (fail closed).
 */
import { validateHsaId } from '../../identifiers/index.ts';
import type { BlocksDef } from '../document.ts';
import { deleteField, isObject, readField, writeField, type JsonObject } from '../paths.ts';

/** Withheld payload parts, by the request's paths: whole fields, and item indexes of lists. */
export interface Withheld {
  readonly fields: readonly string[];
  readonly items: ReadonlyMap<string, readonly number[]>;
  /** Every journal field the request carried is withheld. */
  readonly everything: boolean;
}

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const result = validateHsaId(value);
  return result.ok ? result.value : undefined;
}

/** The units whose inner blocks are in force, or ALL when one names no unit (withhold everything). */
export type BlockedUnits = ReadonlySet<string> | 'ALL';

function blocked(origin: string | undefined, units: BlockedUnits): boolean {
  return units === 'ALL' || origin === undefined || units.has(origin);
}

export function withheldBy(payload: JsonObject, config: BlocksDef, units: BlockedUnits): Withheld {
  const fields: string[] = [];
  const items = new Map<string, number[]>();
  if (units !== 'ALL' && units.size === 0) return { fields, items, everything: false };
  const episodeUnit = originOf(readField(payload, config.unitField));
  let carried = 0;
  let kept = 0;
  for (const group of config.groups) {
    const members = payload[group];
    if (!isObject(members)) continue;
    for (const [name, value] of Object.entries(members)) {
      const path = `${group}.${name}`;
      carried += 1;
      if (config.itemLists.includes(path) && Array.isArray(value)) {
        const indexes = value.flatMap((item, index) => {
          const origin =
            isObject(item) && item['careUnitId'] !== undefined ? originOf(item['careUnitId']) : episodeUnit;
          return blocked(origin, units) ? [index] : [];
        });
        if (indexes.length > 0) items.set(path, indexes);
        if (indexes.length < value.length) kept += 1;
        continue;
      }
      if (blocked(episodeUnit, units)) fields.push(path);
      else kept += 1;
    }
  }
  return { fields, items, everything: carried > 0 && kept === 0 };
}

/** A copy of the payload without the withheld parts (list items leave holes, so indexes stay the request's). */
export function withhold(payload: JsonObject, withheld: Withheld): JsonObject {
  const copy = structuredClone(payload);
  for (const path of withheld.fields) deleteField(copy, path);
  for (const [path, indexes] of withheld.items) {
    const list = readField(copy, path);
    if (!Array.isArray(list)) continue;
    if (indexes.length === list.length) deleteField(copy, path);
    else writeField(copy, path, withHoles(list, new Set(indexes)));
  }
  return copy;
}

/** The list with holes where items are withheld: iteration skips them and keeps the others' indexes. */
function withHoles(list: readonly unknown[], withheld: ReadonlySet<number>): unknown[] {
  const sparse = new Array<unknown>(list.length);
  list.forEach((item, index) => {
    if (!withheld.has(index)) sparse[index] = item;
  });
  return sparse;
}

/** One row per withheld part, reported with the block's code (never again by the profile). */
export function withheldPaths(withheld: Withheld): string[] {
  return [
    ...withheld.fields,
    ...[...withheld.items].flatMap(([path, indexes]) => indexes.map((index) => `${path}[${index}]`)),
  ];
}
