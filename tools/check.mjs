#!/usr/bin/env node
// `npm test`'s first step: the three type checks (host and tools, renderer, Electron shell) and the
// lint, two at a time. Each is one single-threaded process, so on a 2-core machine running them in
// pairs halves the wait; the output of each is printed whole, after it ends, so nothing interleaves.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';

const bin = (name) => `node_modules/.bin/${name}`;
const jobs = [
  ['typecheck: host, drivers, tools, tests', bin('tsc'), ['-p', 'tsconfig.json']],
  ['typecheck: renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json']],
  ['typecheck: Electron shell', bin('tsc'), ['-p', 'tsconfig.electron.json', '--noEmit']],
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
];
const width = Math.max(1, Math.min(Number(process.env.KIOSK_CHECK_CONCURRENCY) || cpus().length, jobs.length));

function run([name, cmd, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', (e) => resolve({ name, ok: false, out: `${out}${String(e)}\n`, ms: Date.now() - started }));
    child.once('close', (code) => resolve({ name, ok: code === 0, out, ms: Date.now() - started }));
  });
}

const queue = [...jobs];
const results = [];
await Promise.all(
  Array.from({ length: width }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = await run(job);
      results.push(r);
      process.stdout.write(`${r.ok ? '✔' : '✖'} ${r.name} (${(r.ms / 1000).toFixed(0)} s)\n`);
      if (!r.ok || r.out.trim()) process.stdout.write(r.out.endsWith('\n') ? r.out : `${r.out}\n`);
    }
  }),
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
