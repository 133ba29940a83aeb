/**
 * What API Gateway answers where no function runs is the error catalogue's document for the code,
 * the one a function (and the local server, test/unit/infra/http-server.test.ts) answers with.
 */
import { describe, expect, it } from 'vitest';
import { PROBLEMS, problemDocumentOf } from '../../../functions/lib/problems.ts';
import { synthGatekeeper } from './gatekeeper-app.ts';

describe('API Gateway gateway responses', () => {
  it('answer not_found, rate_limited and payload_too_large with the catalogue rows, uncached', () => {
    // Prepare
    const { statelessTemplate } = synthGatekeeper();

    // Act
    const responses = Object.values(statelessTemplate.findResources('AWS::ApiGateway::GatewayResponse')).map(
      (resource) => (resource as { Properties: Record<string, unknown> }).Properties,
    );

    // Assess
    interface GatewayResponse {
      readonly StatusCode?: string;
      readonly ResponseTemplates?: Record<string, string>;
      readonly ResponseParameters?: Record<string, string>;
    }
    const byType = new Map(responses.map((response) => [response['ResponseType'], response as GatewayResponse]));
    for (const [type, code] of [
      ['MISSING_AUTHENTICATION_TOKEN', 'not_found'],
      ['THROTTLED', 'rate_limited'],
      ['REQUEST_TOO_LARGE', 'payload_too_large'],
    ] as const) {
      const response = byType.get(type);
      expect(response?.StatusCode).toBe(String(PROBLEMS[code].status));
      expect(JSON.parse(response?.ResponseTemplates?.['application/json'] ?? 'null')).toEqual(
        problemDocumentOf(code, '$context.requestId'),
      );
      expect(response?.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Cache-Control': "'no-store'",
      });
    }
    expect(byType.get('THROTTLED')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    });
  });
});
