import type * as z from 'zod';

/**
 * A yes/no check compiled once from a zod schema, for hot paths that validate many values of a
 * fixed shape and only need the verdict (the offline verifier checks every entry of a log).
 *
 * Compiled rather than written by hand so the schema stays the single source of truth: an entry
 * type added to the schema is checked here the day it is added. The acceptor is a fast path, never
 * an authority. `true` means zod accepts the value and its output is deep-equal to the input (no
 * transforms, no stripped keys); `false` means "not proven": the caller asks zod, which gives the
 * verdict and the messages. So a construct this compiler does not know compiles to `false` and
 * costs speed, not correctness; `unsupported` lists where, so a test can insist on none.
 *
 * Checks (lengths, regexes, integer formats, refinements) run zod's own check functions on a
 * reused payload: their semantics are zod's, only the walk of the structure is ours. The walk
 * mirrors zod 4's parsers for JSON values (what JSON.parse returns): plain objects, arrays,
 * strings, finite numbers, booleans, null.
 */
export interface Acceptor {
  readonly accepts: (value: unknown) => boolean;
  /** Paths of schema parts compiled to "not proven"; empty when every value zod accepts is accepted. */
  readonly unsupported: readonly string[];
}

type Accept = (value: unknown) => boolean;
type Internals = z.core.$ZodTypeInternals & { def: Record<string, unknown> & { type: string } };
type CheckInternals = { def: { check: string; when?: (payload: Payload) => boolean }; check: (p: Payload) => unknown };
interface Payload {
  value: unknown;
  issues: unknown[];
}

/** Check kinds that only test the value; anything else (an overwrite, say) is not compiled. */
const PURE_CHECKS = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'string_format',
  'greater_than',
  'less_than',
  'multiple_of',
  'number_format',
  'custom',
]);

const NOT_PROVEN: Accept = () => false;

export function compileAcceptor(schema: z.core.$ZodType): Acceptor {
  const unsupported: string[] = [];
  const compiled = new Map<z.core.$ZodType, Accept>();
  const payload: Payload = { value: undefined, issues: [] };

  const compile = (node: z.core.$ZodType, path: string): Accept => {
    const known = compiled.get(node);
    if (known !== undefined) return known;
    // Recursive schemas (z.json) reach themselves through a lazy: resolve the late-bound one on first call.
    const slot: { accept?: Accept } = {};
    compiled.set(node, (value) => slot.accept!(value));
    const accept = withChecks(node, structureOf(node, path), path);
    slot.accept = accept;
    compiled.set(node, accept);
    return accept;
  };

  const refuse = (path: string, what: string): Accept => {
    unsupported.push(`${path || '$'} (${what})`);
    return NOT_PROVEN;
  };

  const withChecks = (node: z.core.$ZodType, structure: Accept, path: string): Accept => {
    const internals = node._zod as unknown as Internals & { traits: Set<string> };
    const checks = [...(internals.def.checks ?? [])];
    if (internals.traits.has('$ZodCheck')) checks.unshift(node as unknown as z.core.$ZodCheck);
    if (checks.length === 0) return structure;
    const runs = checks.map((check) => check._zod as unknown as CheckInternals);
    const impure = runs.find((run) => !PURE_CHECKS.has(run.def.check));
    if (impure !== undefined) return refuse(path, `check ${impure.def.check}`);
    return allOf(
      structure,
      runs.map((run) => checkOf(run, payload)),
    );
  };

  const structureOf = (node: z.core.$ZodType, path: string): Accept => {
    const def = (node._zod as unknown as Internals).def;
    if (def.coerce === true) return refuse(path, 'coercion');
    switch (def.type) {
      case 'string':
        return (value) => typeof value === 'string';
      case 'number':
        return (value) => typeof value === 'number' && Number.isFinite(value);
      case 'boolean':
        return (value) => typeof value === 'boolean';
      case 'null':
        return (value) => value === null;
      case 'unknown':
      case 'any':
        return () => true;
      case 'never':
        return NOT_PROVEN;
      case 'literal':
      case 'enum': {
        const values = (node._zod as unknown as { values: Set<unknown> }).values;
        return (value) => values.has(value);
      }
      case 'optional': {
        const inner = compile(def.innerType as z.core.$ZodType, path);
        return (value) => value === undefined || inner(value);
      }
      case 'lazy':
        return compile((node._zod as unknown as { innerType: z.core.$ZodType }).innerType, path);
      case 'array':
        return arrayOf(compile(def.element as z.core.$ZodType, `${path}[]`));
      case 'record':
        return recordOf(
          compile(def.keyType as z.core.$ZodType, `${path}<key>`),
          compile(def.valueType as z.core.$ZodType, `${path}.*`),
        );
      case 'object':
        return objectOf(def, path);
      case 'union':
        return unionOf(def, path);
      default:
        return refuse(path, def.type);
    }
  };

  const objectOf = (def: Internals['def'], path: string): Accept => {
    const shape = def.shape as Record<string, z.core.$ZodType>;
    const fields = Object.entries(shape).map(([key, field]) => ({
      key,
      optional: (field._zod as unknown as Internals).def.type === 'optional',
      accept: compile(field, `${path}.${key}`),
    }));
    const catchall = def.catchall as z.core.$ZodType | undefined;
    const extra = catchall === undefined ? 'strip' : (catchall._zod as unknown as Internals).def.type;
    // A stripping object's output lacks the extra keys (not the input); other catchalls are not compiled.
    if (extra !== 'never' && extra !== 'unknown' && extra !== 'strip') return refuse(path, `catchall ${extra}`);
    const keys = new Set(Object.keys(shape));
    return (value) => {
      if (!isJsonObject(value)) return false;
      for (const field of fields) {
        const member = value[field.key];
        if (member === undefined ? !field.optional : !field.accept(member)) return false;
      }
      // zod refuses extra keys of a strict object, drops those of a stripping one, and drops a loose
      // one's `__proto__` member: only inputs whose output would be themselves are proven.
      for (const key in value) if (extra === 'unknown' ? key === '__proto__' : !keys.has(key)) return false;
      return true;
    };
  };

  const unionOf = (def: Internals['def'], path: string): Accept => {
    const before = unsupported.length;
    const options = (def.options as z.core.$ZodType[]).map((option, i) => compile(option, `${path}|${i}`));
    // zod answers with the first option that accepts: an option not proven could be the one it picks.
    if (unsupported.length > before) return refuse(path, 'union with an option not compiled');
    if (def.inclusive === false && typeof def.discriminator !== 'string') return refuse(path, 'exclusive union');
    if (typeof def.discriminator !== 'string') return (value) => options.some((accept) => accept(value));
    // zod picks the one option whose discriminator value matches and judges by it alone.
    const discriminator = def.discriminator;
    const byTag = new Map<unknown, Accept>();
    (def.options as z.core.$ZodType[]).forEach((option, i) => {
      const tags = (option._zod as unknown as { propValues?: Record<string, Set<unknown>> }).propValues?.[
        discriminator
      ];
      for (const tag of tags ?? []) byTag.set(tag, options[i]!);
    });
    return (value) => {
      if (!isJsonObject(value)) return false;
      const accept = byTag.get(value[discriminator]);
      return accept !== undefined && accept(value);
    };
  };

  const accept = compile(schema, '');
  return {
    accepts: (value) => {
      try {
        return accept(value);
      } catch {
        return false; // a check that throws: zod throws the same when it is asked
      }
    },
    unsupported,
  };
}

/**
 * One zod check as an Accept over a payload reused across calls (the walk is synchronous and a
 * node's checks run after its children, so no two checks share it at once).
 */
function checkOf(run: CheckInternals, payload: Payload): Accept {
  const { when } = run.def;
  const check = run.check;
  const certain = passesUncounted(run.def);
  return (value) => {
    if (certain?.(value) === true) return true;
    payload.value = value;
    if (payload.issues.length > 0) payload.issues = [];
    if (when !== undefined && !when(payload)) return true;
    const outcome = check(payload);
    return payload.issues.length === 0 && payload.value === value && !(outcome instanceof Promise);
  };
}

/**
 * Length bounds zod counts in code points for strings (one or two UTF-16 units each): a length in
 * units that passes whichever way it is counted needs no count, which is nearly every string.
 */
function passesUncounted(def: CheckInternals['def'] & { minimum?: number; maximum?: number }): Accept | undefined {
  const { minimum, maximum } = def;
  if (def.check === 'min_length' && typeof minimum === 'number')
    return (value) => (typeof value === 'string' || Array.isArray(value)) && value.length >= 2 * minimum;
  if (def.check === 'max_length' && typeof maximum === 'number')
    return (value) => (typeof value === 'string' || Array.isArray(value)) && value.length <= maximum;
  return undefined;
}

function allOf(structure: Accept, checks: readonly Accept[]): Accept {
  if (checks.length === 1) {
    const [only] = checks as [Accept];
    return (value) => structure(value) && only(value);
  }
  if (checks.length === 2) {
    const [first, second] = checks as [Accept, Accept];
    return (value) => structure(value) && first(value) && second(value);
  }
  return (value) => {
    if (!structure(value)) return false;
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

function arrayOf(element: Accept): Accept {
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (const item of value as unknown[]) if (!element(item)) return false;
    return true;
  };
}

function recordOf(key: Accept, member: Accept): Accept {
  return (value) => {
    if (!isJsonObject(value)) return false;
    for (const name of Object.keys(value)) {
      // zod skips a `__proto__` member: its output would lack it.
      if (name === '__proto__' || !key(name) || !member(value[name])) return false;
    }
    return true;
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}
