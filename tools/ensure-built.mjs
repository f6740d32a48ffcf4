#!/usr/bin/env node
// Builds the renderer when its bundle is missing or older than any renderer/contracts source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const out = 'renderer/dist/index.html';
function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}
export function ensureRendererBuilt({ quiet = false } = {}) {
  const built = existsSync(out) ? statSync(out).mtimeMs : 0;
  const src = Math.max(newest('renderer'), newest('contracts'), newest('services'));
  if (built >= src) return true;
  if (!quiet) console.error('building the renderer (vite build, about a minute the first time)…');
  const t0 = Date.now();
  // On a terminal, vite's own progress (modules transformed, chunks written); in logs, warnings only.
  const logLevel = !quiet && process.stderr.isTTY ? 'info' : 'warn';
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', logLevel], { stdio: 'inherit' });
  if (!quiet && r.status === 0) console.error(`renderer built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return r.status === 0;
}
if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureRendererBuilt() ? 0 : 1);
