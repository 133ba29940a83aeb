/**
 * Writes docs/openapi.json: `node functions/public/write-openapi.ts`. A test fails when the
 * committed file differs from the generated document, so run this after changing an operation, a
 * schema or a problem code. A development script: no handler imports it, so no bundle carries it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from './openapi.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
