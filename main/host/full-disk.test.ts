import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openHostSocket } from './test-support/host-socket.js';

// A real full disk: a small tmpfs mounted in a private user and mount namespace (`unshare -rm`, no
// root needed where user namespaces are allowed), with the kiosk's data dir on it.
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k none "$d" && umount "$d"; rmdir "$d"']).status === 0;
const skip = canMount ? false : 'needs unshare -rm and tmpfs (user namespaces)';

/** Run `script` in the namespace with `$D` a fresh mount point of a `sizeKb` tmpfs. */
function inSmallDisk(sizeKb: number, script: string): { child: ChildProcessWithoutNullStreams; out: () => string; exited: Promise<number | null>; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'kiosk-fulldisk-'));
  const child = spawn('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=${sizeKb}k none "$D" || exit 99\n${script}`], {
    env: { ...process.env, D: root, KIOSK_DATA_DIR: join(root, 'data'), KIOSK_PORT: '0', DEBUG: '' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, exited, root };
}

async function waitFor(out: () => string, re: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = re.exec(out());
    if (m) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${re}:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A protocol client on the browser host's WebSocket, as the renderer talks to it. */
async function connect(url: string) {
  const ws = await openHostSocket(url);
  let n = 0;
  const pending = new Map<string, (m: { ok: boolean; result?: unknown; error?: { code: string; retryable: boolean } }) => void>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { type: string; id: string };
    if (m.type === 'response') pending.get(m.id)?.(m as never);
  });
  return {
    call: (method: string, params: unknown) =>
      new Promise<{ ok: boolean; result?: unknown; error?: { code: string; retryable: boolean } }>((resolve, reject) => {
        const id = String(++n);
        pending.set(id, resolve);
        setTimeout(() => reject(new Error(`${method}: no answer`)), 20_000).unref();
        ws.send(JSON.stringify({ type: 'request', id, method, params }));
      }),
    close: () => ws.close(),
  };
}

const HOST = 'node --import tsx main/host/browser-host-main.ts';
const SUBMIT = { serviceId: 'complaint-12345', data: { topic: 'noise' }, withIdentity: false };

describe('a full disk is an error, not a crash', { skip }, () => {
  it('start-up on a full disk: one line, no stack trace, exit 74', async () => {
    const run = inSmallDisk(256, `dd if=/dev/zero of="$D/fill" bs=16k 2>/dev/null\nexec ${HOST}`);
    try {
      const code = await run.exited;
      assert.equal(code, 74, run.out());
      const lines = run.out().trim().split('\n');
      assert.equal(lines.length, 1, run.out());
      assert.match(lines[0]!, /^kiosk: cannot start: the disk holding .* is full/);
    } finally {
      rmSync(run.root, { recursive: true, force: true });
    }
  });

  it('the disk fills while running: the host stays up, a submission is refused as device-error, nothing acknowledged is lost', async () => {
    const script = [
      // The host dies with the shell, so a failed test (which SIGKILLs the shell) leaves no host behind.
      `setpriv --pdeathsig KILL ${HOST} &`,
      'pid=$!',
      'read cmd',
      'dd if=/dev/zero of="$D/fill" bs=4k 2>/dev/null',
      'echo filled',
      'read cmd',
      'kill -TERM $pid; wait $pid; echo "host-exit=$?"',
      'rm -f "$D/fill"',
      `node -e "const D=require('better-sqlite3'); const db=new D(process.env.KIOSK_DATA_DIR+'/outbox.sqlite',{readonly:true}); console.log('ids='+JSON.stringify(db.prepare('SELECT id FROM submissions').all().map(r=>r.id)))"`,
    ].join('\n');
    const run = inSmallDisk(16 * 1024, script);
    try {
      const [, url] = await waitFor(run.out, /kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/);
      const client = await connect(url!);
      const first = await client.call('submission.submit', SUBMIT);
      assert.equal(first.ok, true, JSON.stringify(first));
      const acknowledged = (first.result as { id: string }).id;

      run.child.stdin.write('fill\n');
      await waitFor(run.out, /^filled$/m);
      const refused = await client.call('submission.submit', SUBMIT);
      assert.equal(refused.ok, false);
      assert.equal(refused.error?.code, 'device-error', JSON.stringify(refused));
      assert.equal(refused.error?.retryable, true);
      // Timers keep logging and syncing on the full disk; the host must still answer after them.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal((await client.call('host.ping', {})).ok, true, run.out());
      assert.doesNotMatch(run.out(), /\n\s+at /, 'no stack trace');
      client.close();

      run.child.stdin.write('stop\n');
      await run.exited;
      assert.match(run.out(), /host-exit=0/, 'SIGTERM still stops it cleanly');
      const ids = JSON.parse(/ids=(.*)/.exec(run.out())![1]!) as string[];
      assert.deepEqual(ids, [acknowledged], 'the acknowledged submission is there, the refused one is not');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      rmSync(run.root, { recursive: true, force: true });
    }
  });
});
