import { Validations, aws_apigateway as apigw, aws_logs as logs } from 'aws-cdk-lib';
import type { aws_kms as kms, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RETAIN_EXCEPT_ON_CREATE } from './retry-safe.ts';
import { PROBLEMS, problemDocumentOf } from '../../functions/lib/problems.ts';
import { ROUTES, type ApiFunctionId } from '../routes.ts';
import { LOG_RETENTION } from './gatekeeper-function.ts';

export interface GatekeeperApiProps {
  readonly deployment: string;
  readonly handlers: Readonly<Record<ApiFunctionId, lambda.IFunction>>;
  readonly logKey: kms.IKey;
  /** Requests per second across the stage, and the burst above it. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * The REST API, built from ROUTES (the operation table) so it exposes exactly what the local runtime
 * serves and the handlers implement, each method named by its operationId. Every route
 * is a Lambda proxy: requests are JWS-signed over the raw body and verified by the functions, so
 * API Gateway must pass the bytes through untouched (no authorizer, no body models, no compression).
 * Body size (256 KiB, 5 MiB for batches) is enforced by the handlers and the web ACL.
 */
export class GatekeeperApi extends Construct {
  readonly api: apigw.RestApi;

  constructor(scope: Construct, id: string, props: GatekeeperApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retention: LOG_RETENTION,
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${props.deployment}-api`,
      description: `${props.deployment}: disclosure gatekeeper`,
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // Every body reaches the functions base64-encoded and byte-exact: the request signature's
      // digest covers the raw bytes, which API Gateway could otherwise re-encode.
      binaryMediaTypes: ['*/*'],
      // Execution logging (errors only) needs the account-level API Gateway CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'live',
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Never log request or response bodies: they carry health data and signatures.
        dataTraceEnabled: false,
      },
    });
    this.addRoutes(props.handlers);
    addProblemResponses(this.api);
    this.acknowledge();
  }

  private addRoutes(handlers: Readonly<Record<ApiFunctionId, lambda.IFunction>>): void {
    const integrations = new Map<ApiFunctionId, apigw.LambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new apigw.LambdaIntegration(handlers[route.function], { proxy: true, allowTestInvoke: false });
        integrations.set(route.function, integration);
      }
      const resource = this.api.root.resourceForPath(route.path);
      resource.addMethod(route.method, integration, {
        authorizationType: apigw.AuthorizationType.NONE,
        operationName: route.operationId,
      });
      // Any other method reaches the same function, whose router answers 405 method_not_allowed
      // naming the methods the path has (api.md §2), as the local server does; API Gateway alone
      // would answer it as an unknown path (404). Every method of a path is one function's.
      if (resource.node.tryFindChild('ANY') === undefined)
        resource.addMethod('ANY', integration, { authorizationType: apigw.AuthorizationType.NONE });
    }
  }

  private acknowledge(): void {
    const signedRequests =
      'Every request except health and JWKS carries a JWS (ES256/EdDSA/PS256) over method, path and body digest, verified against the client registry by the function (api.md §1); an API Gateway authorizer cannot verify a signature over the raw body.';
    Validations.of(this.api).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: signedRequests },
      { id: 'AwsSolutions-COG4', reason: signedRequests },
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Bodies are validated by the functions (zod schemas) only after the signature over the raw bytes verified; API Gateway models would parse unauthenticated input first and cannot produce the problem+json error contract.',
      },
      {
        id: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
        reason:
          'Caching is deliberately off: every request is signed and single-use (jti replay guard) and responses carry health data that must not be stored outside the audited path.',
      },
      {
        id: 'HIPAA.Security-APIGWSSLEnabled',
        reason:
          'Client certificates authenticate HTTP backends; all integrations are Lambda proxies invoked through IAM, with no HTTP backend to authenticate to.',
      },
    );
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide API Gateway logging role; AWS documents this managed policy for it and API Gateway creates the execution log groups on demand, so they cannot be named in advance.',
      });
    }
  }
}

/**
 * API Gateway's own rejections, answered with the very problem documents of the error catalogue
 * (functions/lib/problems.ts) a function would answer with, as the local server answers them. A
 * method a known path does not have is the function's to answer (405), through the path's `ANY`.
 */
function addProblemResponses(api: apigw.RestApi): void {
  const respond = (id: string, type: apigw.ResponseType, code: 'not_found' | 'rate_limited' | 'payload_too_large') => {
    const row = PROBLEMS[code];
    api.addGatewayResponse(id, {
      type,
      statusCode: String(row.status),
      responseHeaders: {
        'Content-Type': "'application/problem+json'",
        'Cache-Control': "'no-store'",
        ...(row.retryAfterS === undefined ? {} : { 'Retry-After': `'${row.retryAfterS}'` }),
      },
      templates: { 'application/json': JSON.stringify(problemDocumentOf(code, '$context.requestId')) },
    });
  };
  respond('NotFound', apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, 'not_found');
  respond('Throttled', apigw.ResponseType.THROTTLED, 'rate_limited');
  respond('TooLarge', apigw.ResponseType.REQUEST_TOO_LARGE, 'payload_too_large');
}
