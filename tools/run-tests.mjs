#!/usr/bin/env node
// Runs the unit tests (`*.test.ts` beside the code) or the end-to-end tests (`tests/e2e/*.e2e.ts`)
// with Node's own test runner and tsx, so there is no test framework to keep in step.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const kind = process.argv[2] ?? 'unit';
const filter = process.argv[3];
const roots = kind === 'e2e' ? ['tests/e2e'] : ['common', 'contracts', 'main', 'drivers', 'offline-queue', 'tools', 'renderer', 'services'];
const suffix = kind === 'e2e' ? '.e2e.ts' : '.test.ts';
const skipDirs = new Set(['node_modules', 'dist', 'dist-electron', 'data', '.git']);

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (skipDirs.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(suffix) && (!filter || p.includes(filter))) out.push(p);
  }
  return out;
}

const files = roots.flatMap((r) => walk(r, [])).sort();
if (files.length === 0) {
  console.error(`no ${suffix} files found`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-reporter=spec'];
// e2e suites share one browser binary and ports: run them one file at a time. Unit files mostly wait
// (ptys, brokers, timers, child processes): two at a time, even on a 2-core machine, where Node's
// default (cores - 1) would run them one by one.
args.push(kind === 'e2e' ? '--test-concurrency=1' : '--test-concurrency=2');
const r = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
