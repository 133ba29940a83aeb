/**
 * Request bodies of the audit endpoints (api.md §4.3), written from the spec because the audit-read
 * function does not validate with shared schemas yet. When shared/schemas grows an audit module,
 * import those schemas in operations.ts instead and delete this file.
 */
import { z } from 'zod';

const origin = z.string().min(1).max(256);

export const auditSearchSchema = z.strictObject({
  patientId: z.string().min(1).max(128).optional(),
  recipientId: z.string().min(1).max(128).optional(),
  recipientCategory: z.string().optional(),
  decision: z.enum(['ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER']).optional(),
  type: z.string().optional(),
  clientId: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().optional(),
});

export const inclusionProofRequestSchema = z.strictObject({ origin, index: z.number().int().min(0), treeSize: z.number().int().min(1) });
export const consistencyProofRequestSchema = z.strictObject({ origin, fromSize: z.number().int().min(1), toSize: z.number().int().min(1) });
export const auditEntriesRequestSchema = z.strictObject({ origin, start: z.number().int().min(0), limit: z.number().int().min(1).max(1000) });
