#!/usr/bin/env node
// `npm run host`: build the host and the renderer if their sources changed, check the config, then
// run the browser host in this process (one process, so SIGTERM from npm reaches the host directly).
// The host runs as plain JavaScript from `dist-host/` (tools/build-host.mjs), as it runs in Electron.
import { ensureRendererBuilt } from './ensure-built.mjs';
import { ensureHostBuilt } from './build-host.mjs';

// Quiet: esbuild takes a second or two, and a bad config must be the only output (exit 78).
if (!(await ensureHostBuilt({ quiet: true }))) process.exit(1);
// A bad config stops start-up at once (exit 78), before the renderer's build output.
const { ConfigError, EX_CONFIG, loadConfig } = await import('../dist-host/main/host/config/config-loader.js');
try {
  loadConfig({ argv: process.argv.slice(2), env: process.env });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(e.lines.join('\n') + '\n');
  process.exit(EX_CONFIG);
}
if (!ensureRendererBuilt()) {
  console.error('kiosk: the renderer failed to build');
  process.exit(1);
}
await import('../dist-host/main/host/browser-host-main.js');
