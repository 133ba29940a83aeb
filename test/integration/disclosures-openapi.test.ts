/**
 * The OpenAPI document over HTTP: GET /v1/openapi.json serves the generated document, and live
 * answers of the real handlers match the response schemas it was generated from (strict objects,
 * so a field the document does not describe fails here).
 */
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { PROBLEMS } from '../../functions/lib/problems.ts';
import { API_ROUTES, operation } from '../../shared/api/index.ts';
import { buildOpenApiDocument } from '../../shared/openapi/document.ts';
import { problemSchema } from '../../shared/schemas/responses.ts';
import { preparePatient, requestFor, withdrawConsent } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, stack } from '../support/stack.ts';

function answerSchema(method: string, path: string): ZodType {
  const route = API_ROUTES.find((candidate) => candidate.method === method && candidate.path === path)!;
  return operation(route.operationId).response.schema;
}

describe('OpenAPI document over HTTP', () => {
  it('GET /v1/openapi.json serves the generated document without a signature', async () => {
    // Act
    const response = await fetch(`${stack().url}/v1/openapi.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(buildOpenApiDocument(PROBLEMS));
  });

  it('live answers of the records, disclosure, admin and audit routes match their documented schemas', async () => {
    // Prepare
    const clinical = demo.clinical();
    const patientId = freshPatientId('OAS');
    await preparePatient(clinical, patientId, { objections: ['INSURER'] });
    const consentId = freshId('cons');
    const path = (suffix = '') => `/v1/patients/${patientId}${suffix}`;

    // Act
    const answers: Array<[string, string, { status: number; body: unknown }]> = [
      [
        'PUT',
        '/v1/patients/{patientId}',
        await clinical.request('PUT', path(), {
          identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }],
          registeredGpOds: 'Y01234',
        }),
      ],
      [
        'POST',
        '/v1/patients/{patientId}/consents',
        await clinical.request('POST', path('/consents'), {
          consentId,
          scope: 'INSURER_CLAIM',
          status: 'GIVEN',
          form: 'WRITTEN',
          evidenceRef: 'e',
          capturedBy: 's',
          at: new Date().toISOString(),
        }),
      ],
      [
        'POST',
        '/v1/patients/{patientId}/consents/{consentId}/withdraw',
        await withdrawConsent(clinical, patientId, consentId),
      ],
      [
        'PUT',
        '/v1/patients/{patientId}/ndop',
        await clinical.request('PUT', path('/ndop'), { status: 'NOT_OPTED_OUT', checkedAt: new Date().toISOString() }),
      ],
      ['POST', '/v1/disclosures', await clinical.request('POST', '/v1/disclosures', requestFor(patientId))],
      [
        'POST',
        '/v1/disclosures/batch',
        await clinical.request('POST', '/v1/disclosures/batch', {
          requests: [requestFor(patientId), { requestId: 'bad' }],
        }),
      ],
      ['GET', '/v1/patients/{patientId}/records', await clinical.request('GET', path('/records'))],
      ['GET', '/v1/patients/{patientId}/disclosures', await clinical.request('GET', path('/disclosures'))],
      ['GET', '/v1/recipients', await demo.admin().request('GET', '/v1/recipients')],
      [
        'PUT',
        '/v1/recipients/{recipientId}',
        await demo
          .admin()
          .request('PUT', `/v1/recipients/${freshId('ins')}`, { name: 'Insurer', category: 'INSURER', payerId: 'p-1' }),
      ],
      ['GET', '/v1/audit/checkpoints', await demo.auditor().request('GET', '/v1/audit/checkpoints')],
      ['POST', '/v1/audit/search', await demo.auditor().request('POST', '/v1/audit/search', { patientId, limit: 5 })],
    ];

    // Assess
    for (const [method, route, answer] of answers) {
      expect(answer.status, `${method} ${route}: ${JSON.stringify(answer.body)}`).toBe(200);
      const parsed = answerSchema(method, route).safeParse(answer.body);
      expect(parsed.success, `${method} ${route}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
    }
  });

  it('a refused request answers a documented problem document with a documented code for its route', async () => {
    // Act
    const response = await demo.auditor().request('POST', '/v1/disclosures', requestFor(freshPatientId()));

    // Assess
    const problem = problemSchema.parse(response.body);
    const documented = buildOpenApiDocument(PROBLEMS) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect([response.status, problem.code]).toEqual([403, 'forbidden_scope']);
    expect(JSON.stringify(documented.paths['/v1/disclosures']!['post']!.responses['403'])).toContain('forbidden_scope');
  });
});
