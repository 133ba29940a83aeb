/** What the server tells the console about its deployment (`/console/config.json`). */
export interface ConsoleConfig {
  /** The `aud` every signed request carries (api.md §1). */
  readonly audience: string;
  /** Local mode only: offers the demo's key-file sign-in. Never true in AWS. */
  readonly localDemo: boolean;
  readonly defaultOrg: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`The console configuration answered ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
