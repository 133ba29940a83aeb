/**
 * One more gatekeeper API process, as one more Lambda instance would be: the real handlers behind
 * HTTP on 127.0.0.1, against the DynamoDB and KMS endpoints and the configuration its environment
 * names (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KMS and the GK_* variables of a running local
 * stack). It seeds nothing and signs no checkpoints: several of them share one stack's tables and
 * keys. PORT picks the port (0 or absent: a free one). When listening it prints one JSON line,
 * `{"url":"http://127.0.0.1:<port>"}`; SIGTERM stops it.
 */
import { ENV } from '../../shared/config/environment.ts';
import { startHttpServer } from './http-server.ts';
import { loadHandlers } from './stack.ts';

for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_KMS', ENV.tableAudit, ENV.keyCheckpoint]) {
  if (!process.env[name]) {
    process.stderr.write(`serve: ${name} is not set; start it from a running local stack's environment\n`);
    process.exit(2);
  }
}
const http = await startHttpServer({
  host: '127.0.0.1',
  port: Number(process.env['PORT'] ?? 0),
  handlers: await loadHandlers(),
});
process.stdout.write(`${JSON.stringify({ url: http.url })}\n`);
process.on('SIGTERM', () => void http.close().then(() => process.exit(0)));
