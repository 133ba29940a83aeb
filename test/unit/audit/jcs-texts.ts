import fc from 'fast-check';

/**
 * JSON texts assembled from raw tokens, canonical and not, for the canonical-form checks: the
 * forms RFC 8785 fixes (key order by UTF-16 code units, number forms, string escapes, no
 * whitespace) each met and broken. Nearly every text is valid JSON, so the checks get past
 * JSON.parse and have to decide.
 */
const RAW_NAMES = [
  '""',
  '"a"',
  '"a!"',
  '"a "',
  '"b"',
  '"B"',
  '"10"',
  '"9"',
  '"__proto__"',
  '"\ud83d\ude00"',
  '"\ufb33"',
  '"\\u0061"',
  '"a\\n"',
  '"\\""',
];

const RAW_SCALARS = [
  '0',
  '-0',
  '1',
  '-1',
  '1e2',
  '1E2',
  '1.0',
  '1.5',
  '123456789012345',
  '-123456789012345',
  '1234567890123456',
  '9007199254740993',
  'true',
  'false',
  'null',
  '""',
  '"x"',
  '"/"',
  '"\\/"',
  '"\\u0041"',
  '"\\u001f"',
  '"\\u001F"',
  '"\\u007f"',
  '"\\u000a"',
  '"\\n"',
  '"\\b\\f\\r\\t\\"\\\\"',
  '"\\ud83d\\ude00"',
  '"\\ud800"',
  '"\\udc00x"',
  '"\ud83d\ude00"',
  '"\u2028\u007f\u00e9"',
  ' 1',
  '1 ',
];

export const jcsTexts: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...RAW_SCALARS),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom(...RAW_NAMES), tie('value')), { maxLength: 5 })
      .map((members) => `{${members.map(([name, value]) => `${name}:${value}`).join(',')}}`),
    // Sorted distinct names: the canonical case, so the fast path is exercised and not only refused.
    fc
      .uniqueArray(fc.constantFrom(...RAW_NAMES), { maxLength: 5 })
      .chain((names) =>
        fc.tuple(
          fc.constant(names.sort(byDecodedName)),
          fc.array(tie('value'), { minLength: names.length, maxLength: names.length }),
        ),
      )
      .map(([names, values]) => `{${names.map((name, i) => `${name}:${values[i]}`).join(',')}}`),
  ),
})).value;

function byDecodedName(a: string, b: string): number {
  const [x, y] = [JSON.parse(a) as string, JSON.parse(b) as string];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A canonical text of `levels` nested arrays. */
export function deeplyNested(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}
