/**
 * Standalone demo back end:
 *   node --import tsx main/demo-backend/launch.ts [--data DIR] [--token T] [--port 8787]
 * Prints `demo back end at http://127.0.0.1:PORT/` once it accepts connections; SIGTERM/SIGINT stop it.
 * Token defaults to KIOSK_BACKEND_TOKEN or `demo-token` (the config default).
 */
import { parseArgs } from 'node:util';
import { startDemoBackend } from './server.js';

const { values } = parseArgs({
  options: { data: { type: 'string', default: process.env.KIOSK_DATA_DIR ?? './data' }, token: { type: 'string' }, port: { type: 'string', default: '8787' } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`demo-backend: --port must be 0–65535, got ${values.port}\n`);
  process.exit(2);
}
const backend = await startDemoBackend({ dataDir: values.data!, token: values.token ?? process.env.KIOSK_BACKEND_TOKEN ?? 'demo-token', port });
process.stdout.write(`demo back end at ${backend.url}/\n`);
const stop = () => {
  backend.close().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`demo-backend: close failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
