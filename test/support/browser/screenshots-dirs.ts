/** Where the console tests write screenshots (git-ignored) and where the README's copies live. */
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS_DIR = resolve(ROOT, 'test-output/console');
export const PUBLISHED_SCREENSHOTS_DIR = resolve(ROOT, 'docs/console');
