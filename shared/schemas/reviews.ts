import * as z from 'zod';
import { REVIEW_KINDS, REVIEW_OUTCOMES, REVIEW_STATUSES } from '../reviews/model.ts';
import { idSchema } from './ids.ts';
import { receiptSchema } from './responses.ts';

/**
 * Bodies and answers of the review endpoints (reviews.md §5). The search body is logged in the
 * `audit.read` entry of the call, so each filter is an enum, an id or a time. Free text (the
 * justification, conditions, a contest's grounds) is bounded and kept with the case, never logged.
 */
export const REVIEW_SEARCH_MAX_LIMIT = 200;
const FREE_TEXT_MAX = 4000;
const isoTime = z.iso.datetime({ offset: true });
const freeText = z.string().min(1).max(FREE_TEXT_MAX);
const reviewerRole = z.enum(['CALDICOTT_GUARDIAN', 'DPO']);

export const reviewSearchSchema = z
  .strictObject({
    status: z.enum(REVIEW_STATUSES as [string, ...string[]]).optional(),
    kind: z.enum(REVIEW_KINDS as [string, ...string[]]).optional(),
    patientId: idSchema.optional(),
    recipientId: idSchema.optional(),
    overdue: z.boolean().optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.int().min(1).max(REVIEW_SEARCH_MAX_LIMIT).optional(),
    cursor: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this search returned')
      .optional(),
  })
  .refine((body) => body.from === undefined || body.to === undefined || Date.parse(body.from) <= Date.parse(body.to), {
    message: 'from is after to',
    path: ['from'],
  });

export const contestSchema = z.strictObject({
  reviewId: idSchema,
  requestId: idSchema,
  patientId: idSchema,
  entryId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be the entryId of a decision receipt'),
  grounds: freeText,
});

export const decideReviewSchema = z.strictObject({
  requestId: idSchema,
  outcome: z.enum(REVIEW_OUTCOMES as [string, ...string[]]),
  role: reviewerRole,
  justification: freeText,
  conditions: freeText.optional(),
});

export type ReviewSearchBody = z.infer<typeof reviewSearchSchema>;
export type ContestBody = z.infer<typeof contestSchema>;
export type DecideReviewBody = z.infer<typeof decideReviewSchema>;

const historySchema = z.strictObject({ at: z.string(), event: z.string(), by: z.string(), status: z.string() });

export const reviewSchema = z
  .strictObject({
    reviewId: z.string(),
    kind: z.enum(REVIEW_KINDS as [string, ...string[]]),
    status: z.enum(REVIEW_STATUSES as [string, ...string[]]),
    overdue: z.boolean().describe('Open past dueAt'),
    patientId: z.string(),
    decision: z.strictObject({
      outcome: z.string(),
      reasonCodes: z.array(z.string()),
      explanations: z.array(z.string()),
      recipientId: z.string(),
      purpose: z.string(),
      flow: z.string().optional(),
      receipt: receiptSchema,
    }),
    subjectDigest: z.string().optional(),
    openedAt: z.string(),
    dueAt: z.string(),
    closedAt: z.string().optional(),
    closedBy: z.strictObject({ clientId: z.string(), role: reviewerRole }).optional(),
    justificationDigest: z.string().optional(),
    obligations: z.array(z.string()),
    usedBy: receiptSchema.optional().describe('The release that used the approval'),
    history: z.array(historySchema),
    justification: z.string().optional().describe('Scope review:decide only'),
    conditions: z.string().optional().describe('Scope review:decide only'),
    grounds: z.string().optional().describe('Scope review:decide only'),
  })
  .describe('A review case (reviews.md §1)');

export const reviewSearchAnswerSchema = z.strictObject({
  reviews: z.array(reviewSchema),
  nextCursor: z.string().nullable(),
});

export const reviewChangeAnswerSchema = reviewSchema
  .extend({
    receipt: receiptSchema.describe('The review.opened or review.decided entry'),
    notifications: z.array(z.looseObject({})).describe('Notifications the change opened (reviews.md §3)'),
  })
  .describe('A review case after the change, with the receipt of its entry');
