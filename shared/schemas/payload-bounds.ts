/**
 * The payload-shape bounds of api.md §1.1, checked on the parsed body before anything else reads
 * it: nesting deeper than 8 (the body object is depth 1), an array of more than 1,000 items, a
 * string longer than 32 KiB, or more than 256 payload members the field catalogue does not know.
 * Each violation names the path and the bound, never the value. Iterative, so a hostile body
 * cannot exhaust the stack, and it stops at the first violation of each kind.
 */
export const MAX_DEPTH = 8;
export const MAX_ARRAY_ITEMS = 1_000;
export const MAX_STRING_BYTES = 32 * 1024;
export const MAX_UNKNOWN_MEMBERS = 256;

export interface ShapeIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A value still to visit, with the way to it kept as a link to its parent: a path is spelt out only for an issue. */
interface Pending {
  readonly value: unknown;
  readonly parent: Pending | undefined;
  readonly key: string | number;
  readonly depth: number;
}
const utf8 = new TextEncoder();

/** Depth, array and string bounds over the whole body. */
export function bodyShapeIssues(body: unknown): ShapeIssue[] {
  const issues = new Map<string, ShapeIssue>();
  const pending: Pending[] = [{ value: body, parent: undefined, key: '', depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value === 'string' && exceedsBytes(value) && !issues.has('string')) {
      issues.set('string', { path: pathOf(item), message: `must be at most ${MAX_STRING_BYTES} bytes` });
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_DEPTH) {
      if (!issues.has('depth'))
        issues.set('depth', { path: pathOf(item), message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ARRAY_ITEMS && !issues.has('array'))
        issues.set('array', { path: pathOf(item), message: `must have at most ${MAX_ARRAY_ITEMS} items` });
      for (let index = 0; index < value.length; index += 1)
        pending.push({ value: value[index] as unknown, parent: item, key: index, depth: depth + 1 });
    } else {
      const members = value as Record<string, unknown>;
      for (const key of Object.keys(members))
        pending.push({ value: members[key], parent: item, key, depth: depth + 1 });
    }
  }
  return [...issues.values()];
}

function pathOf(item: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Pending | undefined = item; at?.parent !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** A cheap length test first: a string of n UTF-16 units has between n and 3n UTF-8 bytes. */
function exceedsBytes(value: string): boolean {
  if (value.length > MAX_STRING_BYTES) return true;
  if (value.length * 3 <= MAX_STRING_BYTES) return false;
  return utf8.encode(value).byteLength > MAX_STRING_BYTES;
}

/**
 * Payload members the catalogue does not know, as `group` or `group.field` paths: an unknown group
 * counts once whatever it holds, and so does an unknown field of a known group.
 */
export function unknownMemberPaths(
  payload: Readonly<Record<string, unknown>>,
  catalogue: ReadonlySet<string>,
): string[] {
  const groups = groupsOf(catalogue);
  const unknown: string[] = [];
  for (const group of Object.keys(payload)) {
    const value = payload[group];
    if (!groups.has(group) || typeof value !== 'object' || value === null || Array.isArray(value)) {
      unknown.push(group);
      continue;
    }
    for (const field of Object.keys(value)) {
      const path = `${group}.${field}`;
      if (!catalogue.has(path)) unknown.push(path);
    }
  }
  return unknown;
}

/** The catalogue's groups, worked out once per catalogue (every request body asks). */
const catalogueGroups = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function groupsOf(catalogue: ReadonlySet<string>): ReadonlySet<string> {
  let groups = catalogueGroups.get(catalogue);
  if (groups === undefined) {
    groups = new Set([...catalogue].map((path) => path.split('.')[0]!));
    catalogueGroups.set(catalogue, groups);
  }
  return groups;
}
