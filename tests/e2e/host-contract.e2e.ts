import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, removeDir } from './support/kiosk-process.js';

/** SIGKILL to a whole process group; a group already gone (ESRCH) is what a clean stop leaves. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

// docs/protocol.md §2, exactly as a technician runs it: through npm, stopped with SIGTERM.
describe('npm run host', () => {
  it('prints the ready line, serves on loopback, and exits 0 within 5 s of SIGTERM', async () => {
    const dir = makeTempDir();
    // In a process group of its own: if the test fails, the whole group goes, host included. Killing
    // npm alone once left the host running with this file's pipes open, and the run never ended.
    const child = spawn('npm', ['run', '--silent', 'host'], {
      env: { ...process.env, KIOSK_PORT: '0', KIOSK_DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`not ready in 60 s:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /^kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
      });
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      assert.equal(code, 0, out);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      await assert.rejects(fetch(url), 'the port is closed after SIGTERM');
    } finally {
      killGroup(child.pid!);
      removeDir(dir);
    }
  });
});
