#!/usr/bin/env node
// `npm run host`: check the config, build the renderer if it is stale, then run the browser host
// in this process (one process, so SIGTERM from npm reaches the host directly).
import { register } from 'tsx/esm/api';
import { ensureRendererBuilt } from './ensure-built.mjs';

register();
// A bad config must stop start-up at once (exit 78), before any build output.
const { ConfigError, EX_CONFIG, loadConfig } = await import('../main/host/config/config-loader.ts');
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
await import('../main/host/browser-host-main.ts');
