import { join, resolve } from 'node:path';
import { privateKeyPath } from './seed.ts';
import { LOCAL_AUDIENCE, startLocalStack } from './stack.ts';

/**
 * `npm start`: the gatekeeper on http://127.0.0.1:3000 with the demo seed, state under .local/
 * so a restart keeps data and keys. Ctrl-C stops DynamoDB Local and the KMS endpoint too.
 */
const started = Date.now();
const stateDir = resolve(import.meta.dirname, '../../.local');
const port = Number(process.env['PORT'] ?? 3000);
const stack = await startLocalStack({ stateDir, port });

const keyFile = privateKeyPath(stack.keysDir, 'demo-admin');
console.log(`Gatekeeper (local) listening on ${stack.url}  — ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  state:     ${stateDir}  (DynamoDB Local ${stack.dynamoDbEndpoint}, KMS ${stack.kms.url})
  console:   ${stack.url}/console/  (sign in with a demo key file from the folder below)
  audience:  ${LOCAL_AUDIENCE}
  demo keys: ${join(stack.keysDir, '<clientId>.private.jwk.json')}

Try a signed call (lists the demo recipients):
  npm run gatekeeper -- request GET /v1/recipients --client demo-admin --key ${keyFile}

Press Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await stack.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
