import { describe, expect, it } from 'vitest';
import { ensureChromium } from '../../support/browser/ensure-chromium.ts';

describe('the browser the console tests need', () => {
  it('refuses a configured browser that does not run, so the browser tests fail rather than skip', () => {
    // Prepare: a binary that exists but exits non-zero, and one that does not exist.
    const broken = { CHROMIUM_PATH: '/bin/false' };
    const missing = { CHROMIUM_PATH: '/nonexistent/chromium' };
    // Act + Assess
    expect(() => ensureChromium(broken)).toThrow(/does not run/);
    expect(() => ensureChromium(missing)).toThrow(/does not run/);
  });
});
