/**
 * The OverdueReviews and OverdueNotifications alarms (issue 12 item 7) can fire only if the
 * checkpointer emits exactly the gauges they watch: the count now, every run (zero included, so an
 * alarm clears once the queue is caught up), in Powertools EMF under the Gatekeeper namespace with
 * the `service` dimension. The alarms themselves are asserted in test/unit/infra/stateless.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OVERDUE_NOTIFICATIONS_METRIC,
  OVERDUE_REVIEWS_METRIC,
  reportOverdueNotifications,
  reportOverdueReviews,
} from '../../../functions/lib/metrics.ts';
import { capturedMetrics } from './emf-capture.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the overdue gauges', () => {
  it.each([
    [OVERDUE_REVIEWS_METRIC, reportOverdueReviews],
    [OVERDUE_NOTIFICATIONS_METRIC, reportOverdueNotifications],
  ] as const)('%s is emitted with its count, zero included, where its alarm looks', (name, report) => {
    // Prepare
    const { metrics, emitted } = capturedMetrics();

    // Act
    report(metrics, 3);
    report(metrics, 0);

    // Assess
    vi.mocked(process.stdout.write).mockRestore();
    const gauges = emitted().filter((emf) => emf[name] !== undefined);
    expect(gauges.map((emf) => emf[name])).toEqual([3, 0]);
    for (const emf of gauges) {
      expect(emf).toMatchObject({ service: METRICS_SERVICE });
      expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service']],
        Metrics: [{ Name: name, Unit: 'Count' }],
      });
    }
  });
});
