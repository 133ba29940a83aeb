import { ensureChromium } from './support/browser/ensure-chromium.ts';

/**
 * The integration project's browser: installed here (not in npm's postinstall) because only the
 * console's end-to-end tests need it, installing a system package is a test-machine concern
 * rather than something every `npm ci` (a CI cache warm-up, a Lambda bundling job) should do,
 * and a failure here fails the run loudly where the tests that need the browser are reported.
 */
export function setup(): void {
  ensureChromium();
}
