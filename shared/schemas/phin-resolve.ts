/**
 * The body and answer of `POST /v1/phin/resolve` (pseudonymisation.md: PHIN's data-quality queries),
 * for the operation table; the service that answers it is shared/services/phin-resolve.ts.
 */
import * as z from 'zod';
import { receiptSchema } from './responses.ts';

export const MAX_RESOLVE = 1000;

export const resolveRequestSchema = z.strictObject({
  episodeKeys: z
    .array(z.string().regex(/^v[1-9][0-9]*\.[A-Za-z0-9_-]{43}$/u))
    .min(1)
    .max(MAX_RESOLVE),
  episodeIds: z.array(z.string().trim().min(1).max(128)).min(1).max(MAX_RESOLVE),
});

const match = z.strictObject({ episodeKey: z.string(), episodeId: z.string() });
export const resolveAnswerSchema = z.strictObject({
  matches: z.array(match),
  unmatched: z.array(z.string()),
  receipt: receiptSchema,
});

export type ResolveRequest = z.infer<typeof resolveRequestSchema>;
