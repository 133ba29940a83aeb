/** The notification search (reviews.md §5): filters, paging and the answer. */
import * as z from 'zod';
import { idSchema } from './ids.ts';
import { NOTIFICATION_STATUSES } from '../notifications/model.ts';
import { notificationSchema } from './responses.ts';

export const NOTIFICATION_SEARCH_MAX_LIMIT = 200;

export const notificationSearchSchema = z.strictObject({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  patientId: idSchema.optional(),
  recipientId: idSchema.optional(),
  overdue: z.boolean().optional(),
  limit: z.int().min(1).max(NOTIFICATION_SEARCH_MAX_LIMIT).optional(),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this search returned')
    .optional(),
});
export type NotificationSearchBody = z.infer<typeof notificationSearchSchema>;

export const notificationSearchAnswerSchema = z.strictObject({
  notifications: z.array(notificationSchema).describe('Overdue first, then the oldest due date'),
  nextCursor: z.string().nullable(),
});
