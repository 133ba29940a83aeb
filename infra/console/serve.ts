import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleAssets } from './build.ts';
import { CONSOLE_SECURITY_HEADERS } from './headers.ts';

export const CONSOLE_PREFIX = '/console';

/**
 * Serves the built console under /console/ with its security headers. Answers true when the
 * request was the console's (handled here), false when it belongs to the API.
 */
export function serveConsole(assets: ConsoleAssets, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (path !== CONSOLE_PREFIX && !path.startsWith(`${CONSOLE_PREFIX}/`)) return false;
  if (path === CONSOLE_PREFIX) {
    res.writeHead(308, { Location: `${CONSOLE_PREFIX}/`, ...CONSOLE_SECURITY_HEADERS }).end();
    return true;
  }
  const asset = assets.get(path.slice(CONSOLE_PREFIX.length + 1));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...CONSOLE_SECURITY_HEADERS }).end();
    return true;
  }
  if (!asset) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...CONSOLE_SECURITY_HEADERS }).end('Not found');
    return true;
  }
  res.writeHead(200, {
    'Content-Type': asset.contentType,
    'Content-Length': asset.body.byteLength,
    // Built per start: a new start may serve a new bundle under the same name.
    'Cache-Control': 'no-cache',
    ...CONSOLE_SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
  return true;
}
