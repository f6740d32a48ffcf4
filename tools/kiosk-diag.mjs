#!/usr/bin/env node
// Entry for `npx kiosk-diag`: runs the CLI as plain JavaScript from `dist-host/`, built first when a
// source changed (tools/build-host.mjs), so each call starts without a TypeScript loader.
import { ensureHostBuilt } from './build-host.mjs';

if (!(await ensureHostBuilt({ quiet: true }))) process.exit(1);
await import('../dist-host/tools/kiosk-diag/main.js');
