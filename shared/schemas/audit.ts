import * as z from 'zod';
import { ENTRY_TYPES } from '../audit/entry.ts';
import { AUDIT_SEARCH_MAX_LIMIT } from '../ports/audit-search.ts';
import { RECIPIENT_CATEGORIES } from '../records/model.ts';
import { recordIdSchema } from './records.ts';

/**
 * Bodies of the audit endpoints (api.md §4.3). Every field goes into the `audit.read` entry that
 * logs the call, so each is bounded and, where it can be, an enum or a plain id.
 */
export const AUDIT_ENTRIES_MAX_LIMIT = 1000;
export const AUDIT_SEARCH_DEFAULT_LIMIT = 50;

/**
 * `<deployment>/<org>/<log>`. The origin asked for is logged in the `audit.read` entry even when it
 * names another org (a 404), so its segments are held to the id alphabet like every logged id.
 */
const ORIGIN_SEGMENT = '(?!\\.{1,2}/)[A-Za-z0-9._~-]{1,100}';
const origin = z
  .string()
  .regex(
    new RegExp(`^${ORIGIN_SEGMENT}/${ORIGIN_SEGMENT}/(org|p(0|[1-9][0-9]{0,3}))$`, 'u'),
    'must be <deployment>/<org>/<log>',
  );
const treeSize = z
  .int()
  .min(1)
  .max(2 ** 46);
const isoTime = z.iso.datetime({ offset: true });

export const auditSearchSchema = z
  .strictObject({
    patientId: recordIdSchema.optional(),
    recipientId: recordIdSchema.optional(),
    recipientCategory: z.enum(RECIPIENT_CATEGORIES as [string, ...string[]]).optional(),
    decision: z.enum(['ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER']).optional(),
    type: z.enum(ENTRY_TYPES).optional(),
    clientId: recordIdSchema.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.int().min(1).max(AUDIT_SEARCH_MAX_LIMIT).optional(),
    cursor: z
      .string()
      .min(1)
      .max(2048)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this search returned')
      .optional(),
  })
  .refine((body) => body.from === undefined || body.to === undefined || Date.parse(body.from) <= Date.parse(body.to), {
    // Refused before the read is logged: an empty range is a caller mistake, not a search (api.md §4.3).
    message: 'must not be after to',
    path: ['from'],
  });

export const inclusionProofRequestSchema = z
  .strictObject({
    origin,
    index: z
      .int()
      .min(0)
      .max(2 ** 46),
    treeSize,
  })
  .refine((body) => body.index < body.treeSize, { message: 'index must be below treeSize', path: ['index'] });

export const consistencyProofRequestSchema = z
  .strictObject({ origin, fromSize: treeSize, toSize: treeSize })
  .refine((body) => body.fromSize <= body.toSize, { message: 'fromSize must not exceed toSize', path: ['fromSize'] });

export const auditEntriesRequestSchema = z.strictObject({
  origin,
  start: z
    .int()
    .min(0)
    .max(2 ** 46),
  limit: z.int().min(1).max(AUDIT_ENTRIES_MAX_LIMIT),
});

export type AuditSearchBody = z.infer<typeof auditSearchSchema>;
export type InclusionProofBody = z.infer<typeof inclusionProofRequestSchema>;
export type ConsistencyProofBody = z.infer<typeof consistencyProofRequestSchema>;
export type AuditEntriesBody = z.infer<typeof auditEntriesRequestSchema>;
