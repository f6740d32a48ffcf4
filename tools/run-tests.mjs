#!/usr/bin/env node
// Runs the unit tests (`*.test.ts` beside the code) or the end-to-end tests (`tests/e2e/*.e2e.ts`)
// with Node's own test runner, so there is no test framework to keep in step. The files run as the
// plain JavaScript esbuild makes of them in `dist-test/` (tools/build-host.mjs), built first when a
// source changed: under tsx every test file, and every worker thread a test started, paid for the
// loader's own thread.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ensureHostBuilt, ensureTestsBuilt, TEST_BUILD_DIR } from './build-host.mjs';

const kind = process.argv[2] ?? 'unit';
// Any further arguments pick files whose path contains one of them (`… e2e license wedge`).
const filters = process.argv.slice(3);
const roots = kind === 'e2e' ? ['tests/e2e'] : ['common', 'contracts', 'main', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'tools', 'renderer', 'services'];
const suffix = kind === 'e2e' ? '.e2e.ts' : '.test.ts';
const skipDirs = new Set(['node_modules', 'dist', 'dist-electron', 'dist-host', 'dist-test', 'data', '.git']);

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (skipDirs.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(suffix) && (filters.length === 0 || filters.some((f) => p.includes(f)))) out.push(p);
  }
  return out;
}

const files = roots.flatMap((r) => walk(r, [])).sort();
if (files.length === 0) {
  console.error(`no ${suffix} files found`);
  process.exit(1);
}
// The spec reporter for people; further reporters list what did not run and how long each file took
// (tools/test-support), one set of files per phase.
const notesDir = mkdtempSync(join(tmpdir(), 'kiosk-test-notes-'));
const notesFile = join(notesDir, 'notes.jsonl');
const startedAt = Date.now();
// Unit files run three at a time: they mostly wait (ptys, brokers, timers, child processes; two at a
// time kept a 2-core machine about 70 % busy). E2e files run three at a time too: each drives its
// own kiosk host and browser pages, but they also wait on timeouts the kiosk must honour (idle
// warnings, face attempts, heartbeats). At two the machine was about 80 % busy and the phase took
// 13.2 min; at three, together with the tests' faster typing, it is saturated and took 10.9 min.
// Node's default (cores - 1) would run them one by one. KIOSK_TEST_CONCURRENCY=1 runs them one by one (e.g. to read one file's timing).
const width = Number(process.env.KIOSK_TEST_CONCURRENCY) || 3;
// A file whose test leans on a system daemon every kiosk host on the machine talks to (pcscd and its
// virtual reader) says `// kiosk-test: alone` at the top: it runs after the others, by itself, so
// its timing is a real reader's and not that of two hosts polling one daemon beside a face check.
// Each file's head is read once; the markers sit in its first lines.
const heads = new Map(files.map((f) => [f, readFileSync(f, 'utf8').slice(0, 4000)]));
const marked = (f, word) => new RegExp(`^// kiosk-test: ${word}\\b`, 'm').test(heads.get(f));
const alone = files.filter((f) => marked(f, 'alone'));
// Files marked `// kiosk-test: long` (minutes of their own) start first: started last, one of them
// would run on alone at the end while the other slot stands idle.
const long = files.filter((f) => !alone.includes(f) && marked(f, 'long'));
const phases = [
  { files: [...long, ...files.filter((f) => !alone.includes(f) && !long.includes(f))], width },
  { files: alone, width: 1 },
].filter((p) => p.files.length > 0);
// Hosts, kiosk-diag and the queue's crash children run as plain JavaScript from `dist-host/`, the
// tests from `dist-test/`; both built here once, before two files could both find them stale.
if (!(await ensureHostBuilt()) || !(await ensureTestsBuilt())) process.exit(1);
/** A test file's built copy (`main/x.test.ts` → `dist-test/main/x.test.js`). */
const built = (f) => join(TEST_BUILD_DIR, f.replace(/\.tsx?$/, '.js'));
// KIOSK_HOST_BUILD tells test helpers that spawn one of our scripts that its built copy is current.
const env = { ...process.env, KIOSK_TEST_NOTES: notesFile, KIOSK_HOST_BUILD: join(process.cwd(), 'dist-host') };
const browser = kind === 'e2e' && !process.env.KIOSK_E2E_BROWSER_WS ? await startSharedBrowser() : null;
if (browser) env.KIOSK_E2E_BROWSER_WS = browser.endpoint;
let code = 0;
for (const [i, phase] of phases.entries()) {
  if (i > 0) console.log(`\n${kind}: ${phase.files.length} file(s) marked "kiosk-test: alone", one at a time`);
  const reporters = ['skip', 'timing'].flatMap((r) => [`--test-reporter=./tools/test-support/${r}-reporter.mjs`, `--test-reporter-destination=${join(notesDir, `${r}-${i}.jsonl`)}`]);
  // Source maps: a failure's stack names the TypeScript line.
  const args = ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', ...reporters, `--test-concurrency=${phase.width}`];
  const child = spawn(process.execPath, [...args, ...phase.files.map(built)], { stdio: 'inherit', env });
  const [status] = await once(child, 'exit');
  code ||= status ?? 1;
}
await browser?.stop();
process.exit(summarise(code));

/**
 * One Chromium for the whole e2e run (tests/e2e/support/shared-browser.ts): files without browser
 * flags of their own connect to it instead of starting one each. Its stdin is the off switch.
 */
async function startSharedBrowser() {
  const p = spawn(process.execPath, ['--enable-source-maps', built('tests/e2e/support/shared-browser.ts')], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, KIOSK_TEST_NOTES: notesFile } });
  let out = '';
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the shared browser did not start in 60 s: ${out}`)), 60_000);
    p.stdout.on('data', (d) => {
      out += d.toString();
      const m = /^(ws:\/\/\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    p.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`the shared browser exited with ${c}: ${out}`));
    });
  });
  const exited = once(p, 'exit');
  return {
    endpoint,
    stop: async () => {
      p.stdin.end();
      await exited;
    },
  };
}

/**
 * The last lines name every test that did not run and why, and every npm substitute used for a
 * missing system package. Under CI=true a skipped test fails the run: a green CI means everything ran.
 * `KIOSK_TEST_MAY_SKIP=cups` (comma-separated) lets skips whose reason says `[needs cups]` pass: for
 * integration tests against a system service that has no npm equivalent, which .ci/run names itself.
 */
function summarise(status) {
  const read = (f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  const readAll = (r) => phases.flatMap((_p, i) => read(join(notesDir, `${r}-${i}.jsonl`)));
  const rows = readAll('skip');
  const skips = rows.filter((x) => x.kind !== 'counts');
  const counts = rows.filter((x) => x.kind === 'counts').reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
  const subs = [...new Map(read(notesFile).map((n) => [`${n.system}→${n.substitute}`, n])).values()];
  const times = readAll('timing').sort((a, b) => b.ms - a.ms);
  rmSync(notesDir, { recursive: true, force: true });
  const mayLack = new Set((process.env.KIOSK_TEST_MAY_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const allowed = (reason) => [...reason.matchAll(/\[needs ([\w-]+)\]/g)].some((m) => mayLack.has(m[1]));
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  // Built paths back to the sources they came from.
  const rel = (f) => (f ? f.replace(`${TEST_BUILD_DIR}/`, '').replace(`${process.cwd()}/`, '').replace(/\.js$/, '.ts') : '?');
  if (subs.length) {
    console.log(`\nran with npm substitutes for system packages (missing, or hidden by KIOSK_NO_SYSTEM_TOOLS=1) (${subs.length}):`);
    for (const n of subs) console.log(`  ${n.system} → ${n.substitute}`);
  }
  let failing = 0;
  if (skips.length) {
    console.log(`\nnot run (${skips.length}):`);
    for (const s of skips) {
      const bad = ci && !allowed(s.reason);
      if (bad) failing++;
      console.log(`  ${bad ? '✖' : '-'} ${rel(s.file)} › ${s.name}: ${s.reason}`);
    }
  } else {
    console.log(`\n${kind}: every test ran (none skipped)`);
  }
  if (failing) {
    console.log(`\nCI=true: ${failing} skipped test(s) count as failures (install what they need, or KIOSK_TEST_MAY_SKIP for a named system service)`);
    status ||= 1;
  }
  if (times.length) {
    console.log(`\nslowest ${kind} files (their tests' own time):`);
    for (const t of times.slice(0, 8)) console.log(`  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${rel(t.file)}`);
  }
  // A plain closing line, the same shape whatever reporter printed above.
  const took = `${((Date.now() - startedAt) / 60_000).toFixed(1)} min`;
  if (rows.length) console.log(`\n${kind}: ${counts.passed} passed, ${counts.failed + failing} failed, ${counts.skipped} skipped, in ${took}`);
  return status;
}
