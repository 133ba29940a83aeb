/** Placeholder until the generator over the zod schemas lands (issue 4, item 6). */
export function openApiDocument(): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'Gatekeeper', version: '0.1.0' }, paths: {} };
}
