import { buildOpenApiDocument } from '../../shared/openapi/document.ts';

/** The OpenAPI 3.1 document served at GET /v1/openapi.json, generated once per process from the zod schemas. */
let document: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument();
  return document;
}
