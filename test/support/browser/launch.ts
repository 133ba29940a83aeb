import { chromium, type Browser } from 'playwright-core';
import { ensureChromium } from './ensure-chromium.ts';

/**
 * Flags that let Chromium run headless in a container as root, and keep it from reaching the
 * network for updates, sync or experiments (the tests talk to 127.0.0.1 only). playwright-core
 * gives every launch a fresh temporary profile (user data dir), so no state leaks between runs.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS] });
}
