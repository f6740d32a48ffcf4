#!/usr/bin/env node
// Builds the host (and the kiosk-diag CLI) from TypeScript to plain JavaScript in `dist-host/`, file
// by file with esbuild, when any source is newer than the last build. `npm start`, `npm run host`,
// kiosk-diag and the end-to-end tests then run plain Node: no TypeScript loader in each process,
// which cost about 1.5 CPU-seconds per host start (docs/setup.md has the figures). Type errors are
// the type check's job (`npm run typecheck`), not this build's: esbuild only strips the types.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_BUILD_DIR = join(ROOT, 'dist-host');
const STAMP = join(HOST_BUILD_DIR, '.built');
// What the host, its workers, the demo back end and kiosk-diag load at run time.
const SOURCE_DIRS = ['main', 'common', 'contracts', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'tools/kiosk-diag'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'electron']);
const isTest = (name) => /\.(test|e2e|bench)\.tsx?$/.test(name);
// Files read beside the code at run time (printer profiles, license layouts): copied as they are.
const ASSET = /\.json$/;

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(p, out);
    } else if ((name.endsWith('.ts') && !name.endsWith('.d.ts') && !isTest(name)) || ASSET.test(name)) {
      out.push({ path: p, mtimeMs: s.mtimeMs });
    }
  }
  return out;
}

function sources() {
  return SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d), []));
}

/** The built file for a source path under the repository (`main/host/x.ts` → `dist-host/main/host/x.js`). */
export function builtPath(sourceRelative) {
  return join(HOST_BUILD_DIR, sourceRelative.replace(/\.ts$/, '.js'));
}

/** The JSON read beside the code at run time, copied into a build (`dist-host/`, or `dist-electron/` after tsc). */
function copyAssets(files, outDir) {
  for (const f of files.filter((x) => ASSET.test(x.path))) {
    const to = join(outDir, relative(ROOT, f.path));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f.path, to);
  }
}

/** True when `dist-host/` holds a build of exactly the current sources. */
function isCurrent(files) {
  const list = files.map((f) => relative(ROOT, f.path)).sort().join('\n');
  const newest = Math.max(...files.map((f) => f.mtimeMs), statSync(join(ROOT, 'tsconfig.base.json')).mtimeMs);
  return { list, current: existsSync(STAMP) && statSync(STAMP).mtimeMs >= newest && readFileSync(STAMP, 'utf8') === list };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One build at a time across processes (two hosts or two test files may start together): a lock
 * directory, taken over when its holder has been gone for a minute.
 */
async function withLock(fn) {
  const lock = `${HOST_BUILD_DIR}.lock`;
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Build when `dist-host/` is missing, older than a source, or holds a different set of files (a
 * source deleted or renamed). Returns true when the build is current. Quiet unless it builds. The
 * new build is written beside the old one and swapped in, so a reader never sees half a build.
 */
export async function ensureHostBuilt({ quiet = false } = {}) {
  if (isCurrent(sources()).current) return true;
  return withLock(async () => {
    const files = sources();
    const { list, current } = isCurrent(files);
    if (current) return true;
    const t0 = Date.now();
    if (!quiet) process.stderr.write('building the host (esbuild, a few seconds)…\n');
    const { build } = await import('esbuild');
    const next = `${HOST_BUILD_DIR}.next`;
    rmSync(next, { recursive: true, force: true });
    const code = files.filter((f) => f.path.endsWith('.ts')).map((f) => f.path);
    try {
      await build({
        entryPoints: code,
        outdir: next,
        outbase: ROOT,
        bundle: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: 'linked',
        logLevel: 'warning',
        tsconfig: join(ROOT, 'tsconfig.json'),
      });
    } catch (e) {
      process.stderr.write(`the host failed to build: ${e instanceof Error ? e.message : String(e)}\n`);
      return false;
    }
    copyAssets(files, next);
    writeFileSync(join(next, '.built'), list);
    const old = `${HOST_BUILD_DIR}.old`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(HOST_BUILD_DIR)) renameSync(HOST_BUILD_DIR, old);
    renameSync(next, HOST_BUILD_DIR);
    rmSync(old, { recursive: true, force: true });
    if (!quiet) process.stderr.write(`host built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${code.length} files)\n`);
    return true;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--assets-to dist-electron`: the Electron build's tsc emits code only (`npm run build:electron`).
  const at = process.argv.indexOf('--assets-to');
  if (at > 0) {
    if (!process.argv[at + 1]) {
      process.stderr.write('usage: build-host.mjs [--assets-to DIR]\n');
      process.exit(2);
    }
    copyAssets(sources(), join(ROOT, process.argv[at + 1]));
    process.exit(0);
  }
  process.exit((await ensureHostBuilt()) ? 0 : 1);
}
