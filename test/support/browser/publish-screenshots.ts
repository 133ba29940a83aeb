/**
 * `npm run screenshots`: copies the console screenshots the last end-to-end run wrote (to a
 * git-ignored folder, so `npm test` leaves the working tree clean) into docs/console/, which the
 * README shows. Run it after the console tests when a page's look changed on purpose.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_SCREENSHOTS_DIR, SCREENSHOTS_DIR } from './screenshots-dirs.ts';

const written = existsSync(SCREENSHOTS_DIR) ? readdirSync(SCREENSHOTS_DIR).filter((n) => n.endsWith('.png')) : [];
if (written.length === 0) {
  process.stderr.write('No screenshots yet: run the console tests first (npx vitest run test/integration/console/).\n');
  process.exit(1);
}
mkdirSync(PUBLISHED_SCREENSHOTS_DIR, { recursive: true });
for (const name of written) copyFileSync(join(SCREENSHOTS_DIR, name), join(PUBLISHED_SCREENSHOTS_DIR, name));
process.stdout.write(`Copied ${written.length} screenshots to docs/console/.\n`);
