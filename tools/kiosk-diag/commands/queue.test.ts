import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoBackend } from '../../../main/demo-backend/index.js';

function diag(args: string[]) {
  return spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'queue', ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('kiosk-diag queue load | status | sync per docs/protocol.md §3', async () => {
  const root = mkdtempSync(join(tmpdir(), 'diag-queue-'));
  const data = join(root, 'data');
  try {
    const load = diag(['load', '--data', data, '--count', '3']);
    assert.equal(load.status, 0, load.stderr);
    const ids = load.stdout.trim().split('\n');
    assert.equal(ids.length, 3);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const st = diag(['status', '--data', data, '--json']);
    assert.equal(st.status, 0, st.stderr);
    const s = JSON.parse(st.stdout) as Record<string, number>;
    assert.deepEqual(Object.keys(s), ['pending', 'inFlight', 'done', 'dead', 'oldestPendingAgeMs']);
    assert.equal(s.pending, 3);

    const backend = await startDemoBackend({ dataDir: join(root, 'backend'), token: 'diag-token' });
    try {
      const sync = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // spawnSync would block this process's event loop and with it the back end, so spawn async.
        {
          const p = spawn(process.execPath, ['tools/kiosk-diag.mjs', 'queue', 'sync', '--data', data, '--url', backend.url, '--token', 'diag-token', '--until-empty', '--json']);
          let stdout = '';
          let stderr = '';
          p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          p.on('close', (status) => resolve({ status, stdout, stderr }));
        }
      });
      assert.equal(sync.status, 0, sync.stderr);
      assert.equal((JSON.parse(sync.stdout) as { done: number }).done, 3);
    } finally {
      await backend.close();
    }
    const after = JSON.parse(diag(['status', '--data', data, '--json']).stdout) as Record<string, number>;
    assert.deepEqual(after, { pending: 0, inFlight: 0, done: 3, dead: 0, oldestPendingAgeMs: 0 });

    assert.equal(diag(['load', '--data', data]).status, 2, '--count is required');
    assert.equal(diag(['frobnicate', '--data', data]).status, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
