/**
 * The console in AWS: served by the API itself (same origin as the endpoints it calls, so its CSP
 * allows `connect-src 'self'` and nothing else) from files bundled next to this handler at deploy
 * time (infra/console/write-assets.ts), with the same security headers as the local server.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CONSOLE_SECURITY_HEADERS } from './headers.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** Every file of the console, read once per cold start; the page is `index.html`. */
export function loadAssets(dir: string): ReadonlyMap<string, { body: string; contentType: string }> {
  return new Map(
    readdirSync(dir).map((name) => [
      name,
      { body: readFileSync(join(dir, name)).toString('base64'), contentType: TYPES[extname(name)] ?? 'text/plain' },
    ]),
  );
}

export function consoleHandler(assets: ReturnType<typeof loadAssets>) {
  return (event: Pick<APIGatewayProxyEvent, 'pathParameters' | 'path'>): Promise<APIGatewayProxyResult> => {
    const file = event.pathParameters?.['file'];
    if (file === undefined && !event.path.endsWith('/')) {
      // /console → /console/, so the page's relative URLs resolve under /console/.
      return Promise.resolve({
        statusCode: 308,
        headers: { Location: `${event.path}/`, ...CONSOLE_SECURITY_HEADERS },
        body: '',
      });
    }
    const asset = assets.get(file ?? 'index.html');
    return Promise.resolve(
      asset
        ? {
            statusCode: 200,
            headers: { 'Content-Type': asset.contentType, 'Cache-Control': 'no-cache', ...CONSOLE_SECURITY_HEADERS },
            body: asset.body,
            isBase64Encoded: true,
          }
        : {
            statusCode: 404,
            headers: { 'Content-Type': 'text/plain; charset=utf-8', ...CONSOLE_SECURITY_HEADERS },
            body: 'Not found',
          },
    );
  };
}

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'console');

let serve: ReturnType<typeof consoleHandler> | undefined;

/** The Lambda entry point: only the bundled function has the console files next to it (read once). */
export const handler = (event: APIGatewayProxyEvent) => (serve ??= consoleHandler(loadAssets(ASSETS_DIR)))(event);
