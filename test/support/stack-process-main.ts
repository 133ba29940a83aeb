/**
 * TESTS ONLY. Runs one local stack in its own process (argv[2]: LocalStackOptions as JSON) and
 * prints what a test needs as one JSON line. The handlers read their configuration once per
 * process, as a Lambda does at cold start, so a configuration change (a key rotation) needs a new
 * process, as it needs a new deployment in AWS. SIGTERM stops the stack and exits.
 */
import { startLocalStack, type LocalStackOptions } from '../../infra/local/stack.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as LocalStackOptions;
const stack = await startLocalStack(options);
process.stdout.write(`${JSON.stringify({ url: stack.url, keysDir: stack.keysDir, environment: stack.environment })}\n`);
process.on('SIGTERM', () => {
  void stack.close().finally(() => process.exit(0));
});
