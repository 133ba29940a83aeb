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

type Path = readonly (string | number)[];
const utf8 = new TextEncoder();

/** Depth, array and string bounds over the whole body. */
export function bodyShapeIssues(body: unknown): ShapeIssue[] {
  const issues = new Map<string, ShapeIssue>();
  const pending: { value: unknown; path: Path }[] = [{ value: body, path: [] }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path } = item;
    if (typeof value === 'string' && exceedsBytes(value) && !issues.has('string')) {
      issues.set('string', { path, message: `must be at most ${MAX_STRING_BYTES} bytes` });
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length + 1 > MAX_DEPTH) {
      if (!issues.has('depth')) issues.set('depth', { path, message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ARRAY_ITEMS && !issues.has('array'))
        issues.set('array', { path, message: `must have at most ${MAX_ARRAY_ITEMS} items` });
      value.forEach((child: unknown, index) => pending.push({ value: child, path: [...path, index] }));
    } else {
      for (const [key, child] of Object.entries(value)) pending.push({ value: child, path: [...path, key] });
    }
  }
  return [...issues.values()];
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
  const groups = new Set([...catalogue].map((path) => path.split('.')[0]));
  return Object.keys(payload).flatMap((group) => {
    const value = payload[group];
    if (!groups.has(group) || typeof value !== 'object' || value === null || Array.isArray(value)) return [group];
    return Object.keys(value)
      .map((field) => `${group}.${field}`)
      .filter((path) => !catalogue.has(path));
  });
}
