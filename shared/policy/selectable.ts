import * as z from 'zod';

/** A value that depends on the request's funding or subPurpose, or on a switch. */
export function selectable<T extends z.ZodType>(value: T) {
  const selector = z.strictObject({
    select: z.string().regex(/^(funding|subPurpose|switch:[a-z0-9]+(?:\.[A-Za-z0-9]+)+)$/u),
    cases: z.record(z.string(), value),
    otherwise: value.optional(),
  });
  return z.union([selector, value]);
}
