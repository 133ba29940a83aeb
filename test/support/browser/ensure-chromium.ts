import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The browser the console's end-to-end tests drive. playwright-core ships no browser and its own
 * download is not available everywhere we run, so the suite brings Debian's `chromium` package
 * itself: `npm ci && npm test` stays the whole set-up on a fresh machine. CHROMIUM_PATH points at
 * another build (a developer's own Chrome or Chromium) and skips the install.
 *
 * Never a skip: if no browser can be found or installed, this throws with what to do, and the
 * browser tests fail.
 */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROMIUM_PATH'];
  if (configured) return runnable(configured, 'CHROMIUM_PATH');
  if (!existsSync(DEBIAN_CHROMIUM)) installDebianChromium();
  return runnable(DEBIAN_CHROMIUM, "Debian's chromium package");
}

function installDebianChromium(): void {
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || process.getuid?.() !== 0) {
    throw new Error(
      `The console tests need Chromium and none was found at ${DEBIAN_CHROMIUM}. ` +
        (hasApt
          ? 'Run `sudo apt-get install -y chromium` once, or set CHROMIUM_PATH to a Chrome or Chromium binary.'
          : 'Install Chromium or Chrome and set CHROMIUM_PATH to its binary.'),
    );
  }
  console.log("Installing Debian's chromium package for the console's browser tests (once per machine)…");
  // Two test projects may ask at once on a fresh machine (the integration setup, the bench smoke
  // test): one lock serialises them, and the check inside it lets the second find the work done.
  const install = `test -x ${DEBIAN_CHROMIUM} || { apt-get update && apt-get install -y --no-install-recommends chromium; }`;
  try {
    execFileSync('flock', [join(tmpdir(), 'gatekeeper-chromium-install.lock'), 'sh', '-c', install], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    throw new Error(
      `Installing Debian's chromium package failed (${error instanceof Error ? error.message : 'no detail'}); ` +
        'the console tests cannot run without a browser.',
      { cause: error },
    );
  }
}

/** A binary that exists but cannot start (missing libraries) is as useless as none: say so now. */
function runnable(path: string, source: string): string {
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) {
    throw new Error(`The Chromium from ${source} (${path}) does not run: ${probe.stderr || probe.error?.message}`);
  }
  return path;
}
