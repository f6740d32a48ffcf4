import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KioskError } from '../../contracts/errors.js';
import { findSystemTool } from '../core/test-support/system-tools.js';
import { systemCupsRunner } from './cups-commands.js';
import { SimCupsQueue } from './cups-sim.js';
import { CupsDocumentPrinter } from './document-printer-service.js';
import { createDocumentPrinter } from './factory.js';
import { renderCalibrationSheet } from '../../documents/license/license-pdf.js';

const T = { timeoutMs: 30_000 };

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'doc-printer-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('sim: prints an A3 PDF unscaled, keeps it in the data dir; an empty tray refuses before printing', async () => {
  await withDir(async (dir) => {
    const h = await createDocumentPrinter({ transport: 'sim' }, { dataDir: dir });
    try {
      assert.equal(h.service.status().state, 'ready');
      const pdf = await renderCalibrationSheet({ paper: 'A3' });
      const out = await h.service.printPdf(pdf, { ...T, paper: 'A3', title: 'license-original' });
      assert.equal(out.completed, true);
      const printed = h.sim!.printed();
      assert.equal(printed.length, 1);
      assert.equal(printed[0]!.media, 'A3');
      assert.ok(printed[0]!.file.startsWith(join(dir, 'documents', 'printed')));
      assert.deepEqual(readFileSync(printed[0]!.file), pdf);
      // The driver piped the job to lp: no spool directory of ours holds the document in the clear.
      assert.equal(existsSync(join(dir, 'documents', 'spool')), false);

      h.sim!.setState({ paperEnd: { A3: false, A4: true } });
      await assert.rejects(h.service.printPdf(pdf, { ...T, paper: 'A4' }), (e: KioskError) => e.code === 'paper-end');
      assert.equal(h.service.status().detail, 'paper-end');
      assert.equal(h.sim!.printed().length, 1, 'nothing more printed');
      const health = await h.service.checkHealth('internal');
      assert.equal(health.ok, false);
      h.sim!.setState({ paperEnd: { A3: false, A4: false } });
      assert.equal((await h.service.checkHealth('internal')).ok, true);
    } finally {
      await h.dispose();
    }
  });
});

test('sim: a cover opened mid-job and a job that never finishes are cancelled, so nothing prints later', async () => {
  await withDir(async (dir) => {
    const sim = new SimCupsQueue('Q', dir, 60_000);
    const p = new CupsDocumentPrinter('doc', { queue: 'Q', trays: { A3: 'Tray2' }, runner: sim, simulated: true, pollMs: 50 });
    await p.open();
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    setTimeout(() => sim.setState({ coverOpen: true }), 300);
    await assert.rejects(p.printPdf(pdf, { ...T, paper: 'A3' }), (e: KioskError) => e.code === 'cover-open');
    sim.setState({ coverOpen: false });
    await assert.rejects(p.printPdf(pdf, { timeoutMs: 800, paper: 'A3' }), (e: KioskError) => e.code === 'timeout');
    const open = await sim.run('lpstat', ['-W', 'not-completed', '-o', 'Q']);
    assert.equal(open.stdout, '', 'both jobs were cancelled');
    assert.equal(sim.printed().length, 0);
    await p.dispose();
  });
});

/** A private cupsd on a Unix socket in a temp dir, with a raw queue writing to /dev/null. */
async function startCupsd(dir: string): Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> } | string> {
  // CUPS has no npm equivalent: this test runs where the system has it, and says so by name where
  // not (the simulated queue's tests above cover the driver's side of the same exchanges).
  const cupsd = findSystemTool('cupsd', ['/usr/sbin/cupsd']);
  if (!cupsd || !findSystemTool('lpadmin', ['/usr/sbin/lpadmin']) || !findSystemTool('lp')) return '[needs cups] cupsd and the CUPS client tools are not installed (apt-get install -y cups)';
  mkdirSync(dir, { recursive: true });
  // cupsd drops to the lp user for its helpers: they must be able to reach these directories.
  chmodSync(dirname(dir), 0o755);
  for (const d of ['cache', 'state', 'spool', 'log']) {
    mkdirSync(join(dir, d));
    chmodSync(join(dir, d), 0o777);
  }
  chmodSync(dir, 0o755);
  const sock = join(dir, 'cups.sock');
  writeFileSync(join(dir, 'cupsd.conf'), `Listen ${sock}\nLogLevel warn\nWebInterface no\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n`);
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    join(dir, 'cups-files.conf'),
    [`ServerRoot ${dir}`, `CacheDir ${dir}/cache`, `StateDir ${dir}/state`, `RequestRoot ${dir}/spool`, `TempDir ${dir}/spool`, `AccessLog ${dir}/log/access_log`, `ErrorLog ${dir}/log/error_log`, `PageLog ${dir}/log/page_log`, 'FileDevice Yes', ...(asRoot ? ['User lp', 'Group lp'] : [])].join('\n') + '\n',
  );
  const child: ChildProcess = spawn(cupsd, ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], { stdio: 'ignore' });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const env = { ...process.env, CUPS_SERVER: sock };
  for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
  const add = spawnSync('lpadmin', ['-p', 'kiosk_test', '-v', 'file:///dev/null', '-E'], { env, encoding: 'utf8', timeout: 20_000 });
  if (add.status !== 0) {
    await stop();
    return `cupsd could not be started or configured here: ${add.stderr.trim() || `lpadmin exit ${add.status}`}`;
  }
  return { env, stop };
}

test('CUPS: a real print to a file-backed queue on a private cupsd; a stopped queue is offline; an unknown queue is offline', async (t) => {
  await withDir(async (dir) => {
    const cups = await startCupsd(join(dir, 'cups'));
    if (typeof cups === 'string') {
      t.skip(cups);
      return;
    }
    try {
      const runner = systemCupsRunner(cups.env);
      const p = new CupsDocumentPrinter('doc', { queue: 'kiosk_test', trays: {}, runner, simulated: false, pollMs: 200 });
      await p.open();
      assert.equal(p.status().state, 'ready', JSON.stringify(p.status()));
      const pdf = await renderCalibrationSheet({ paper: 'A4' });
      const out = await p.printPdf(pdf, { timeoutMs: 60_000, paper: 'A4' });
      assert.match(out.jobId, /^kiosk_test-\d+$/);
      assert.equal(out.completed, true);

      // The document went to lp through its standard input (lp refuses an empty one: "stdin is
      // empty, so no job has been sent"), and nothing of ours is left in a spool directory.
      assert.equal(existsSync(join(dir, 'documents')), false);

      assert.equal(spawnSync('cupsdisable', ['kiosk_test'], { env: cups.env }).status, 0);
      await assert.rejects(p.printPdf(pdf, { timeoutMs: 60_000, paper: 'A4' }), (e: KioskError) => e.code === 'device-offline');
      assert.equal(p.status().state, 'offline');

      const missing = new CupsDocumentPrinter('doc2', { queue: 'no_such_queue', trays: {}, runner, simulated: false });
      await assert.rejects(missing.readStatus({ timeoutMs: 20_000 }), (e: KioskError) => e.code === 'device-offline');
      await p.dispose();
      await missing.dispose();
    } finally {
      await cups.stop();
    }
  });
});

test('a missing CJK font is a device error of the printer (error/font-missing), in its status and health', async () => {
  await withDir(async (dir) => {
    const h = await createDocumentPrinter({ transport: 'sim' }, { dataDir: dir, documentFont: { fontPath: join(dir, 'no-such-font.ttc') } });
    const saved = process.env.KIOSK_CJK_FONT;
    delete process.env.KIOSK_CJK_FONT;
    try {
      const s = h.service.status();
      assert.equal(s.state, 'error');
      assert.equal(s.detail, 'font-missing');
      assert.equal(s.lastError?.code, 'device-error');
      const health = await h.service.checkHealth('internal');
      assert.equal(health.ok, false);
      assert.equal(health.state, 'error');
      assert.equal(health.detail, 'font-missing');
      assert.equal(health.action, 'configuration');
      assert.match(health.message, /no CJK font/);
    } finally {
      if (saved === undefined) delete process.env.KIOSK_CJK_FONT;
      else process.env.KIOSK_CJK_FONT = saved;
      await h.dispose();
    }
  });
});

const hasLpoptions = findSystemTool('lpoptions') !== null;

// The system's lpoptions exits 0 for a queue the server does not have (it prints only local defaults).
test('a queue the CUPS server does not have is named as such, never "lpoptions exit 0"', { skip: hasLpoptions ? false : '[needs cups] the CUPS client (lpoptions) is not installed (apt-get install -y cups-client)' }, async () => {
  await withDir(async () => {
    const p = new CupsDocumentPrinter('document-printer', { queue: 'OPENKIOSK_NO_SUCH_QUEUE', trays: {}, runner: systemCupsRunner(), simulated: false });
    await p.open();
    const health = await p.checkHealth('internal');
    assert.equal(health.state, 'offline');
    assert.equal(health.detail, 'no-queue');
    assert.doesNotMatch(health.message, /exit 0/);
    assert.match(health.message, /OPENKIOSK_NO_SUCH_QUEUE: (the CUPS server has no such queue|.+)/);
  });
});
