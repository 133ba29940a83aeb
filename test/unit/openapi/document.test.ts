/** The generated OpenAPI document: complete over the operation table, self-consistent, and committed as generated. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../infra/routes.ts';
import { PROBLEMS } from '../../../functions/lib/problems.ts';
import type { ProblemCode } from '../../../shared/errors.ts';
import { openApiDocument, renderOpenApi } from '../../../functions/public/openapi.ts';
import { OPENAPI_FILE } from '../../../functions/public/write-openapi.ts';
import { OPERATION_IDS, OPERATIONS } from '../../../shared/api/index.ts';
import { buildOpenApiDocument } from '../../../shared/openapi/document.ts';

type Json = Record<string, unknown>;
const document = buildOpenApiDocument(PROBLEMS) as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, part) => (node as Json | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')],
      root,
    );
}

describe('OpenAPI document', () => {
  it('describes every operation of the table and nothing else', () => {
    // Prepare
    const expected = ROUTES.map((route) => `${route.method} ${route.path}`).sort();

    // Act
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();

    // Assess
    expect(documented).toEqual(expected);
    expect(OPERATION_IDS.map((id) => `${OPERATIONS[id].method} ${OPERATIONS[id].path}`).sort()).toEqual(expected);
  });

  it('resolves every $ref, and has no schema-local references left dangling', () => {
    // Act
    const refs = [...new Set(refsIn(document))];

    // Assess
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((ref) => resolvePointer(document, ref) === undefined)).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it('gives each schema a JSON Schema shape and each operation a 200 and problem+json errors with real codes', () => {
    // Prepare
    const known = new Set([...Object.keys(PROBLEMS), 'internal_error']);

    // Act
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item)) as Array<{
      responses: Record<string, Json>;
      security: unknown[];
    }>;

    // Assess
    for (const schema of Object.values(document.components.schemas)) {
      expect(['type', 'anyOf', 'oneOf', 'allOf'].some((key) => key in schema)).toBe(true);
    }
    for (const operation of operations) {
      expect(operation.responses['200']).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses).filter(([status]) => status !== '200')) {
        const schema = (
          response['content'] as Record<
            string,
            { schema: { allOf: [Json, { properties: { code: { enum: string[] } } }] } }
          >
        )['application/problem+json']!.schema;
        const codes = schema.allOf[1].properties.code.enum;
        expect(
          codes.every(
            (code) =>
              known.has(code) && (code === 'internal_error' || PROBLEMS[code as ProblemCode].status === Number(status)),
          ),
        ).toBe(true);
      }
    }
  });

  it('requires the Signature scheme on every endpoint but health, JWKS and the document itself', () => {
    // Act
    const unsigned = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => (op['security'] as unknown[]).length === 0)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    expect(unsigned.sort()).toEqual(['GET /.well-known/jwks.json', 'GET /v1/health', 'GET /v1/openapi.json']);
    expect(document.components).toMatchObject({
      securitySchemes: { Signature: { type: 'apiKey', in: 'header', name: 'Authorization' } },
    });
    expect(document.paths['/v1/disclosures']!['post']!['responses']).toHaveProperty('409');
  });

  it('documents the disclosure request as the server validates it (enums and strictness from the zod schema)', () => {
    // Act
    const request = document.components.schemas['DisclosureRequest'] as {
      properties: Record<string, Json>;
      additionalProperties: unknown;
      required: string[];
    };

    // Assess
    expect(request.additionalProperties).toBe(false);
    expect(request.properties['purpose']).toMatchObject({
      enum: expect.arrayContaining(['PAYMENT', 'VITAL_INTERESTS']) as unknown,
    });
    expect(request.required).toEqual(
      expect.arrayContaining(['requestId', 'patientId', 'recipientId', 'purpose', 'episode', 'payload']),
    );
  });

  it('is committed as generated (run node functions/public/write-openapi.ts after changing a schema or route)', () => {
    // Act
    const committed = readFileSync(OPENAPI_FILE, 'utf8');

    // Assess
    expect(committed).toBe(renderOpenApi());
    expect(openApiDocument()).toEqual(JSON.parse(committed));
  });
});
