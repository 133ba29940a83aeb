import { buildOpenApiDocument } from '../../shared/openapi/document.ts';
import { PROBLEMS } from '../lib/problems.ts';

/** The OpenAPI 3.1 document served at GET /v1/openapi.json, generated once per process from the zod schemas. */
let document: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(PROBLEMS);
  return document;
}

/** The document as committed in docs/openapi.json (functions/public/write-openapi.ts writes it). */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApiDocument(PROBLEMS), null, 2)}\n`;
}
