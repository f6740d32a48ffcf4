#!/usr/bin/env node
// `npm run host`: build the renderer if it is stale, then run the browser host in this process
// (one process, so SIGTERM from npm reaches the host directly).
import { ensureRendererBuilt } from './ensure-built.mjs';
import { register } from 'tsx/esm/api';

if (!ensureRendererBuilt()) {
  console.error('kiosk: the renderer failed to build');
  process.exit(1);
}
register();
await import('../main/host/browser-host-main.ts');
