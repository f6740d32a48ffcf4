#!/usr/bin/env node
// Builds TypeScript to plain JavaScript, file by file with esbuild, when any source is newer than the
// last build. Two trees:
// - `dist-host/`: the host, its workers, the demo back end and the kiosk-diag CLI. `npm start`,
//   `npm run host`, kiosk-diag and the end-to-end tests run it with plain Node: no TypeScript loader
//   in each process, which cost about 1.5 CPU-seconds per host start (docs/setup.md has the figures).
// - `dist-test/`: every test file and everything it loads (sources, test support, the renderer's
//   logic), for tools/run-tests.mjs. Under tsx, each test file paid for the loader's own thread, and
//   so did every worker thread a test started (a host starts several); docs/setup.md has the figures.
// Type errors are the type check's job (`npm run typecheck`), not this build's: esbuild only strips
// the types. Module paths stay the same inside a tree, so a file that finds a neighbour from its own
// `import.meta.url` (a worker, a JSON asset) finds the built one.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_BUILD_DIR = join(ROOT, 'dist-host');
export const TEST_BUILD_DIR = join(ROOT, 'dist-test');
const isTest = (name) => /\.(test|e2e|bench)\.tsx?$/.test(name);

/**
 * What each tree builds: the source folders, which files of them, and the files read beside the code
 * at run time that are copied as they are (printer profiles and license layouts; for tests also the
 * worker scripts kept in plain JavaScript).
 */
const TREES = {
  host: {
    dir: HOST_BUILD_DIR,
    label: 'the host',
    sourceDirs: ['main', 'common', 'contracts', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'tools/kiosk-diag'],
    skipDirs: new Set(['node_modules', 'dist', 'electron']),
    code: (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !isTest(name),
    asset: /\.json$/,
    tsconfig: join(ROOT, 'tsconfig.json'),
  },
  test: {
    dir: TEST_BUILD_DIR,
    label: 'the tests',
    sourceDirs: ['common', 'contracts', 'main', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'tools', 'renderer', 'services', 'tests'],
    skipDirs: new Set(['node_modules', 'dist']),
    // The renderer's .tsx too (its tests import only logic, but a module may sit beside a component).
    code: (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts'),
    asset: /\.(json|mjs|yaml)$/,
    // Each file under its nearest tsconfig.json, as the type check reads it (the renderer's has JSX).
    tsconfig: undefined,
  },
};

function walk(tree, dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) {
      if (!tree.skipDirs.has(name)) walk(tree, p, out);
    } else if (tree.code(name) || tree.asset.test(name)) {
      out.push({ path: p, mtimeMs: s.mtimeMs });
    }
  }
  return out;
}

function sources(tree) {
  return tree.sourceDirs.flatMap((d) => walk(tree, join(ROOT, d), []));
}

/** The JSON read beside the code at run time, copied into a build (`dist-host/`, or `dist-electron/` after tsc). */
function copyAssets(tree, files, outDir) {
  for (const f of files.filter((x) => tree.asset.test(x.path))) {
    const to = join(outDir, relative(ROOT, f.path));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f.path, to);
  }
}

/** True when the tree's folder holds a build of exactly the current sources. */
function isCurrent(tree, files) {
  const stamp = join(tree.dir, '.built');
  const list = files.map((f) => relative(ROOT, f.path)).sort().join('\n');
  const newest = Math.max(...files.map((f) => f.mtimeMs), statSync(join(ROOT, 'tsconfig.base.json')).mtimeMs);
  return { list, current: existsSync(stamp) && statSync(stamp).mtimeMs >= newest && readFileSync(stamp, 'utf8') === list };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One build at a time across processes (two hosts or two test files may start together): a lock
 * directory, taken over when its holder has been gone for a minute.
 */
async function withLock(tree, fn) {
  const lock = `${tree.dir}.lock`;
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
 * Build `tree` when its folder is missing, older than a source, or holds a different set of files (a
 * source deleted or renamed). Returns true when the build is current. Quiet unless it builds. The
 * new build is written beside the old one and swapped in, so a reader never sees half a build.
 */
async function ensureBuilt(tree, { quiet = false } = {}) {
  if (isCurrent(tree, sources(tree)).current) return true;
  return withLock(tree, async () => {
    const files = sources(tree);
    const { list, current } = isCurrent(tree, files);
    if (current) return true;
    const t0 = Date.now();
    if (!quiet) process.stderr.write(`building ${tree.label} (esbuild, a few seconds)…\n`);
    const { build } = await import('esbuild');
    const next = `${tree.dir}.next`;
    rmSync(next, { recursive: true, force: true });
    const code = files.filter((f) => tree.code(f.path)).map((f) => f.path);
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
        ...(tree.tsconfig ? { tsconfig: tree.tsconfig } : {}),
      });
    } catch (e) {
      process.stderr.write(`${tree.label} failed to build: ${e instanceof Error ? e.message : String(e)}\n`);
      return false;
    }
    copyAssets(tree, files, next);
    writeFileSync(join(next, '.built'), list);
    const old = `${tree.dir}.old`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(tree.dir)) renameSync(tree.dir, old);
    renameSync(next, tree.dir);
    rmSync(old, { recursive: true, force: true });
    if (!quiet) process.stderr.write(`${tree.label} built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${code.length} files)\n`);
    return true;
  });
}

/** `dist-host/`, current: see the top of this file. */
export function ensureHostBuilt(opts = {}) {
  return ensureBuilt(TREES.host, opts);
}

/** `dist-test/`, current: see the top of this file. */
export function ensureTestsBuilt(opts = {}) {
  return ensureBuilt(TREES.test, opts);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--assets-to dist-electron`: the Electron build's tsc emits code only (`npm run build:electron`).
  const at = process.argv.indexOf('--assets-to');
  if (at > 0) {
    if (!process.argv[at + 1]) {
      process.stderr.write('usage: build-host.mjs [--assets-to DIR]\n');
      process.exit(2);
    }
    copyAssets(TREES.host, sources(TREES.host), join(ROOT, process.argv[at + 1]));
    process.exit(0);
  }
  process.exit((await ensureHostBuilt()) ? 0 : 1);
}
