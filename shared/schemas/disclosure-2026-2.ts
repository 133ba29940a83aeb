/**
 * The disclosure request additions of policy-uk.md §9.4 and §9.8 (pack 2026.2): implants in the
 * payload, the legal matter a disclosure serves, and the check that an order's field scope names
 * only groups or fields of the catalogue.
 */
import * as z from 'zod';
import { idSchema } from './ids.ts';

const implantText = z.string().min(1).max(128);

/** No patient identifier: an implant is its product code, manufacturer and lot. */
export const implantsSchema = z
  .array(z.strictObject({ code: implantText, manufacturer: implantText.optional(), lot: implantText.optional() }))
  .max(200);

export const matterSchema = z.strictObject({ ref: idSchema, episodeIds: z.array(idSchema).max(1000) });

/**
 * `instrument.scope.fields` names §4 groups (`narrative`) or catalogue fields (`clinical.diagnoses`);
 * anything else, a list item's sub-field included, is a 422 naming its index, never its value.
 */
export function scopeFieldsIssues(
  body: Record<string, unknown>,
  catalogue: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  const instrument = body['instrument'] as { scope?: { fields?: unknown } | null } | null | undefined;
  const fields = instrument?.scope?.fields;
  if (!Array.isArray(fields)) return;
  const groups = new Set([...catalogue].map((path) => path.split('.')[0]));
  fields.forEach((field: unknown, index) => {
    if (typeof field === 'string' && (groups.has(field) || catalogue.has(field))) return;
    ctx.addIssue({
      code: 'custom',
      path: ['instrument', 'scope', 'fields', index],
      message: 'must be a payload group or catalogue field',
    });
  });
}
