/**
 * Writes the built console into a directory, as a deployment serves it: the page, script and
 * stylesheet, `config.json` (the deployment's audience; the demo's key-file sign-in off) and
 * `policy.json` (the pack the functions load). Run by the console function's bundling:
 *   node infra/console/write-assets.ts <dir> <audience>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../../shared/policy/pack.ts';
import { buildConsole, deploymentAssets } from './build.ts';

export async function writeConsoleAssets(dir: string, audience: string): Promise<void> {
  const { id, version, digest, document } = loadPolicy();
  const deployment = deploymentAssets({
    audience,
    localDemo: false,
    defaultOrg: '',
    policy: { id, version, digest, document },
  });
  mkdirSync(dir, { recursive: true });
  for (const [name, asset] of [...(await buildConsole()), ...deployment]) {
    writeFileSync(join(dir, name === '' ? 'index.html' : name), asset.body);
  }
}

if (import.meta.main) {
  const [dir, audience] = process.argv.slice(2);
  if (!dir || !audience) {
    process.stderr.write('usage: node infra/console/write-assets.ts <dir> <audience>\n');
    process.exit(2);
  }
  await writeConsoleAssets(dir, audience);
}
