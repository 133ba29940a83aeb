/**
 * Runs the local KMS endpoint on its own, for a developer or another process:
 *   node local-kms/main.ts [--port 4599] [--host 127.0.0.1] [--state .local/kms-state.json] [--provision]
 * With --provision it creates the gatekeeper keys (idempotently) and prints their ARNs as JSON.
 * A state file holds private key material, so it may only live under the repository's git-ignored
 * .local/ (README.md).
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionGatekeeperKeys } from './provision.ts';
import { startLocalKms } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4599' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    region: { type: 'string', default: 'eu-west-2' },
    provision: { type: 'boolean', default: false },
  },
});

const LOCAL_STATE_DIR = resolve(import.meta.dirname, '..', '.local');
const stateFile = values.state === undefined ? undefined : resolve(values.state);
if (stateFile !== undefined) {
  const within = relative(LOCAL_STATE_DIR, stateFile);
  if (within === '' || within === '..' || within.startsWith(`..${sep}`) || isAbsolute(within)) {
    console.error(`--state must be a file under ${LOCAL_STATE_DIR}: key material stays in the git-ignored .local/`);
    process.exit(2);
  }
}

const kms = await startLocalKms({
  host: values.host,
  port: Number(values.port),
  stateFile,
  region: values.region,
});
console.log(`local KMS listening on ${kms.url}${values.state ? ` (state in ${values.state})` : ' (in memory)'}`);

if (values.provision) {
  // The endpoint ignores signatures, so any credentials do.
  const client = new KMSClient({
    endpoint: kms.url,
    region: values.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  console.log(JSON.stringify(await provisionGatekeeperKeys(client), null, 2));
  client.destroy();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void kms.close().then(() => process.exit(0)));
}
