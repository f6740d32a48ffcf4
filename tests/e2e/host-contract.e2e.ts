import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, removeDir } from './support/kiosk-process.js';

// docs/protocol.md §2, exactly as a technician runs it: through npm, stopped with SIGTERM.
describe('npm run host', () => {
  it('prints the ready line, serves on loopback, and exits 0 within 5 s of SIGTERM', async () => {
    const dir = makeTempDir();
    const child = spawn('npm', ['run', '--silent', 'host'], {
      env: { ...process.env, KIOSK_PORT: '0', KIOSK_DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
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
      if (child.exitCode === null) child.kill('SIGKILL');
      removeDir(dir);
    }
  });
});
