import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import { createFileKeyStore, defaultKeyFilePath, openOutbox } from '../../offline-queue/index.js';
import { Host, type HostEvent } from './host.js';

const signal = new AbortController().signal;

function walk(dir: string): { path: string; dir: boolean }[] {
  const out: { path: string; dir: boolean }[] = [{ path: dir, dir: true }];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push({ path: p, dir: false });
  }
  return out;
}

describe('host storage', () => {
  it('a damaged outbox at start-up: the host stays up, refuses submissions as device-error with an alert, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-host-corrupt-'));
    try {
      const outbox = await openOutbox({ dataDir: dir, kioskId: 'k', keyStore: createFileKeyStore(defaultKeyFilePath(dir)) });
      for (let i = 0; i < 300; i++) outbox.enqueue('demo.synthetic', { seq: i, note: '测试'.repeat(40) });
      outbox.close();
      const file = join(dir, 'outbox.sqlite');
      const bytes = readFileSync(file);
      const mid = Math.floor(bytes.length / 4096 / 2) * 4096;
      for (let i = mid; i < mid + 16; i++) bytes[i] = bytes[i]! ^ 0xff;
      writeFileSync(file, bytes);
      const sha = () => createHash('sha256').update(readFileSync(file)).digest('hex');
      const before = sha();

      const host = await Host.create(KioskConfig.parse({ dataDir: dir }));
      const events: HostEvent[] = [];
      host.onDidEmit((e) => events.push(e));
      try {
        assert.equal((await host.call('host.ping', {}, signal)) !== undefined, true, 'the host serves');
        await assert.rejects(host.call('submission.submit', { serviceId: 'complaint-12345', data: {}, withIdentity: false }, signal), (e: { code: string; message: string }) => {
          assert.equal(e.code, 'device-error');
          assert.match(e.message, /damaged/);
          return true;
        });
        const alert = events.find((e) => e.event === 'kiosk.alert');
        assert.equal((alert?.data as { kind: string } | undefined)?.kind, 'outbox-corrupt');
        assert.equal(host.queue.fault()?.code, 'device-error');
      } finally {
        await host.dispose();
      }
      assert.equal(sha(), before, 'the damaged outbox is kept untouched for salvage');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(defaultKeyFilePath(dir), { force: true });
    }
  });

  it('data files are 0600 in 0700 directories, whatever the umask (SQLite with -wal/-shm, the demo back end store, the key)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-host-modes-'));
    const saved = process.umask(0o022);
    try {
      const host = await Host.create(KioskConfig.parse({ dataDir: dir }));
      try {
        const r = (await host.call('submission.submit', { serviceId: 'complaint-12345', data: {}, withIdentity: false }, signal)) as { id: string };
        assert.ok(r.id);
        const files = walk(dir);
        assert.ok(files.some((f) => f.path.endsWith('outbox.sqlite-wal')), files.map((f) => f.path).join('\n'));
        for (const f of files) assert.equal(statSync(f.path).mode & 0o777, f.dir ? 0o700 : 0o600, f.path);
        assert.equal(statSync(defaultKeyFilePath(dir)).mode & 0o777, 0o600);
      } finally {
        await host.dispose();
      }
    } finally {
      process.umask(saved);
      rmSync(dir, { recursive: true, force: true });
      rmSync(defaultKeyFilePath(dir), { force: true });
    }
  });
});
