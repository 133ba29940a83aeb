import type { ApiMetrics } from './types.ts';

/**
 * The CloudWatch names the functions publish under through Powertools metrics, which adds the
 * `service` dimension. The alarms (infra/constructs/operational-alarms.ts) watch exactly these.
 */
export const METRICS_NAMESPACE = 'Gatekeeper';
export const METRICS_SERVICE = 'gatekeeper';

/** A request failed closed because its audit entry could not be written (503 `audit_unavailable`). */
export const AUDIT_UNAVAILABLE_METRIC = 'AuditUnavailable';

/**
 * Counts requests (or batch items) refused for the audit log. The operator's alarm fires on any,
 * because each is a disclosure a clinical system is waiting on.
 */
export function countAuditUnavailable(metrics: ApiMetrics | undefined, count = 1): void {
  if (metrics === undefined || count < 1) return;
  metrics.singleMetric().addMetric(AUDIT_UNAVAILABLE_METRIC, 'Count', count);
}

/** A batch answers 200 with per-item problems, so the items refused for the audit log are counted by the route. */
export function countAuditUnavailableItems(
  metrics: ApiMetrics | undefined,
  results: ReadonlyArray<{ readonly status: number; readonly problem?: { readonly code: string } }>,
): void {
  countAuditUnavailable(metrics, results.filter((result) => result.problem?.code === 'audit_unavailable').length);
}

/** Review cases open past their due date (reviews.md §1), counted every minute by the checkpointer. */
export const OVERDUE_REVIEWS_METRIC = 'OverdueReviews';

/** A gauge: the number now, every run, so the alarm sees zero when the queue is caught up. */
export function reportOverdueReviews(metrics: ApiMetrics | undefined, count: number): void {
  metrics?.singleMetric().addMetric(OVERDUE_REVIEWS_METRIC, 'Count', count);
}

/** Notifications to earlier recipients still DUE past their due date (reviews.md §3), counted with the reviews. */
export const OVERDUE_NOTIFICATIONS_METRIC = 'OverdueNotifications';

/** A gauge, like OverdueReviews: the number now, every run. */
export function reportOverdueNotifications(metrics: ApiMetrics | undefined, count: number): void {
  metrics?.singleMetric().addMetric(OVERDUE_NOTIFICATIONS_METRIC, 'Count', count);
}
