/**
 * Injected at the top of every bundle (FUNCTION_BUNDLING.inject): stack traces name the TypeScript
 * file and line, as `--enable-source-maps` made them, but the source map is read only when a trace
 * is first formatted. With the flag, Node read and parsed `index.mjs.map` and measured every line
 * of the bundle at each cold start, 5-13% of a function's import (docs/benchmarks.md, bundles);
 * most sandboxes never format a trace at all.
 *
 * Frames outside the bundle, and every frame when the map cannot be read, keep V8's own text: a
 * trace is never lost, at worst it points into index.mjs.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The bundle this module was injected into; in a bundle import.meta.url is index.mjs itself. */
const BUNDLE_URL = import.meta.url;
const BUNDLE_PATH = fileURLToPath(BUNDLE_URL);

/** Undefined until the first trace; null if the map is missing or unreadable. */
let map: SourceMap | null | undefined;

function bundleMap(): SourceMap | null {
  if (map === undefined) {
    try {
      map = new SourceMap(
        JSON.parse(readFileSync(`${BUNDLE_PATH}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0],
      );
    } catch {
      map = null;
    }
  }
  return map;
}

/** `../../shared/errors.ts` as the map names it, from the repository root: `shared/errors.ts`. */
function repositoryPath(source: string): string {
  return source.replace(/^(\.\.\/)+/, '');
}

/** V8's call site formats itself as a default trace's frame; Node's types leave that method out. */
interface FormattableCallSite extends NodeJS.CallSite {
  toString(): string;
}

function frameText(site: FormattableCallSite): string {
  const text = site.toString();
  try {
    return mappedFrameText(site, text);
  } catch {
    // Formatting a trace must never throw: that would replace the error being reported.
    return text;
  }
}

function mappedFrameText(site: NodeJS.CallSite, text: string): string {
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if ((file !== BUNDLE_URL && file !== BUNDLE_PATH) || line === null || column === null) return text;
  const origin = bundleMap()?.findOrigin(line, column);
  if (origin === undefined || !('fileName' in origin)) return text;
  const mapped = `${repositoryPath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  return text.replace(`${file}:${line}:${column}`, mapped);
}

function headerOf(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

Error.prepareStackTrace = (error, sites) =>
  [headerOf(error), ...(sites as FormattableCallSite[]).map((site) => `    at ${frameText(site)}`)].join('\n');
