/**
 * The AuditUnavailable alarm can fire only if the functions emit exactly the metric it watches:
 * a request refused for the audit log (503 audit_unavailable) is counted in Powertools EMF, and
 * the CDK alarm names the same namespace, metric and `service` dimension.
 */
import { App, Stack, aws_apigateway as apigw, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiHandler, json, publicRoute } from '../../../functions/lib/index.ts';
import {
  AUDIT_UNAVAILABLE_METRIC,
  countAuditUnavailableItems,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../../functions/lib/metrics.ts';
import { OperationalAlarms } from '../../../infra/constructs/operational-alarms.ts';
import { AuditUnavailableError, DependencyUnavailableError } from '../../../shared/errors.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../../support/memory-registry.ts';
import { capturedMetrics } from './emf-capture.ts';
import { toEvent } from './harness.ts';

/** A stack whose one public route fails with `error`, metrics on, EMF lines captured from stdout. */
function failingStack(error: Error) {
  const { metrics, emitted } = capturedMetrics();
  const clock = new FixedClock(Date.now());
  const handler = apiHandler({
    routes: [
      publicRoute({ method: 'GET', resource: '/v1/health', handle: () => Promise.reject(error) }),
      publicRoute({ method: 'GET', resource: '/v1/ok', handle: () => json(200, {}) }),
    ],
    deps: {
      registry: new MemoryClientRegistry(),
      replay: new MemoryReplayStore(clock),
      clock,
      audience: 'a',
      logger: { warn: vi.fn(), error: vi.fn() },
      metrics,
    },
  });
  const send = (path: string) => handler(toEvent({ method: 'GET', path, headers: {}, body: '' }), {} as Context);
  return { send, emitted };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('AuditUnavailable metric', () => {
  it('is emitted once, in the Gatekeeper namespace with the service dimension, when a request fails closed for the audit log', async () => {
    // Prepare
    const { send, emitted } = failingStack(new AuditUnavailableError('The audit entry could not be written'));

    // Act
    const response = await send('/v1/health');

    // Assess
    vi.mocked(process.stdout.write).mockRestore();
    expect([response.statusCode, (JSON.parse(response.body) as { code: string }).code]).toEqual([
      503,
      'audit_unavailable',
    ]);
    const counted = emitted().filter((emf) => emf[AUDIT_UNAVAILABLE_METRIC] !== undefined);
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatchObject({ service: METRICS_SERVICE, [AUDIT_UNAVAILABLE_METRIC]: 1 });
    expect(counted[0]!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: AUDIT_UNAVAILABLE_METRIC, Unit: 'Count' }],
    });
  });

  it('is not emitted for other failures or for successes', async () => {
    // Prepare
    const { send, emitted } = failingStack(new DependencyUnavailableError('KMS failed'));

    // Act
    const statuses = [(await send('/v1/health')).statusCode, (await send('/v1/ok')).statusCode];

    // Assess
    vi.mocked(process.stdout.write).mockRestore();
    expect(statuses).toEqual([503, 200]);
    expect(emitted().filter((emf) => emf[AUDIT_UNAVAILABLE_METRIC] !== undefined)).toEqual([]);
  });

  it('counts the batch items refused for the audit log, and nothing for a batch without any', () => {
    // Prepare
    const singleMetric = { addDimension: vi.fn(), addMetric: vi.fn() };
    const metrics = { singleMetric: vi.fn(() => singleMetric) };
    const refused = { status: 503, problem: { code: 'audit_unavailable' } };

    // Act
    countAuditUnavailableItems(metrics, [
      refused,
      { status: 200 },
      { status: 422, problem: { code: 'validation_failed' } },
      refused,
    ]);
    countAuditUnavailableItems(metrics, [
      { status: 200 },
      { status: 503, problem: { code: 'dependency_unavailable' } },
    ]);

    // Assess
    expect(singleMetric.addMetric.mock.calls).toEqual([[AUDIT_UNAVAILABLE_METRIC, 'Count', 2]]);
  });

  it('is the metric the operational alarm watches', () => {
    // Prepare
    const stack = new Stack(new App(), 'Alarms');
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());

    // Act
    const fn = (id: string) =>
      new lambda.Function(stack, id, {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('export const handler = () => {};'),
      });
    new OperationalAlarms(stack, 'Alarms', {
      deployment: 'test',
      functions: {},
      api,
      archiverFailures: new sqs.Queue(stack, 'Dlq'),
      topicKey: new kms.Key(stack, 'Key'),
      streamConsumer: fn('Archiver'),
      scheduled: fn('Checkpointer'),
    });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: AUDIT_UNAVAILABLE_METRIC,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
    });
  });
});
