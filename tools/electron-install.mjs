#!/usr/bin/env node
// `npm run electron:install`: fetch the Electron binary where the network allows it. npm's
// allowScripts keeps electron's own postinstall from running (it downloads, and offline build
// machines cannot), so this runs that same script on request.
import { spawnSync } from 'node:child_process';
const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
const r = spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'inherit', env });
if (r.status !== 0) {
  console.error('kiosk: the Electron binary could not be downloaded here; `npm start` will use the browser host instead.');
}
process.exit(r.status ?? 1);
