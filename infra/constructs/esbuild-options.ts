import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/*
 * The esbuild options aws-lambda-nodejs derives from a function's BundlingOptions, for the code that
 * builds a bundle as `cdk deploy` does without a synthesis: the bundles bench and the unit tests of
 * what a bundle does at run time.
 */

/** The esbuild build CDK runs for these bundling options (aws-lambda-nodejs maps them one to one). */
export function esbuildOptionsOf(options: BundlingOptions): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: options.format === OutputFormat.ESM ? 'esm' : 'cjs',
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.mainFields === undefined ? {} : { mainFields: [...options.mainFields] }),
    minify: options.minify ?? false,
    keepNames: options.keepNames ?? false,
    sourcemap: options.sourceMap ?? false,
    sourcesContent: options.sourcesContent ?? true,
    external: [...(options.externalModules ?? [])],
    ...(options.banner === undefined ? {} : { banner: { js: options.banner } }),
    ...(options.inject === undefined ? {} : { inject: [...options.inject] }),
    alias: aliasesOf(options.esbuildArgs ?? {}),
  };
}

/** `--alias` entries (`from=to`) of the extra esbuild arguments; any other argument is refused, never dropped. */
function aliasesOf(args: NonNullable<BundlingOptions['esbuildArgs']>): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [flag, value] of Object.entries(args)) {
    if (flag !== '--alias' || !Array.isArray(value))
      throw new Error(`esbuildOptionsOf does not map esbuild argument ${flag}`);
    for (const entry of value) {
      const at = entry.indexOf('=');
      aliases[entry.slice(0, at)] = entry.slice(at + 1);
    }
  }
  return aliases;
}
