/**
 * Builds the console (console/) with esbuild into memory: one ES module, one stylesheet and the
 * page. Nothing built is committed; `npm start`, the CDK app and the bench build it when they need it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const CONSOLE_DIR = resolve(import.meta.dirname, '../../console');

export interface ConsoleAsset {
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** The built console by file name under /console/ ('' is the page itself). */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

export async function buildConsole(options: { minify?: boolean } = {}): Promise<ConsoleAssets> {
  const result = await build({
    entryPoints: [join(CONSOLE_DIR, 'src/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: options.minify ?? true,
    sourcemap: false,
    write: false,
    legalComments: 'none',
    // The audit modules shared with the offline verifier use node:crypto's hash and Buffer's
    // encodings; the browser gets small equivalents (console/src/shims/).
    alias: { 'node:crypto': join(CONSOLE_DIR, 'src/shims/node-crypto.ts') },
    inject: [join(CONSOLE_DIR, 'src/shims/buffer.ts')],
    logLevel: 'silent',
  });
  const script = result.outputFiles[0];
  if (!script) throw new Error('esbuild produced no console bundle');
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'));
  const css = readFileSync(join(CONSOLE_DIR, 'console.css'));
  return new Map<string, ConsoleAsset>([
    ['', { body: html, contentType: 'text/html; charset=utf-8' }],
    ['console.js', { body: script.contents, contentType: 'text/javascript; charset=utf-8' }],
    ['console.css', { body: css, contentType: 'text/css; charset=utf-8' }],
  ]);
}

/** The per-deployment files: what the console needs to know, and the loaded policy pack. */
export function deploymentAssets(config: {
  audience: string;
  localDemo: boolean;
  defaultOrg: string;
  policy: { id: string; version: string; digest: string; document: unknown };
}): Map<string, ConsoleAsset> {
  const json = (value: unknown): ConsoleAsset => ({
    body: new TextEncoder().encode(JSON.stringify(value)),
    contentType: 'application/json',
  });
  const { policy, ...settings } = config;
  return new Map([
    ['config.json', json(settings)],
    ['policy.json', json(policy)],
  ]);
}
