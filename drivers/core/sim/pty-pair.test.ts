import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SerialPort } from 'serialport';
import { isKioskErrorLike } from '../../../contracts/errors.js';
import { NO_PTY, openPtyPair, ptyBackend, ptyPairAvailable, socatAvailable, type PtyBackend } from './pty-pair.js';

/** Processes whose command line names the pair's `sim` link: socat (its link=) or the relay (its arguments). */
function cablePids(dir: string): number[] {
  const r = spawnSync('pgrep', ['-f', `${dir}/sim`], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}

function childrenOf(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}

/** Running (a zombie waiting for a reaper counts as gone: it holds no descriptor). */
function alive(pid: number): boolean {
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

function command(pid: number): string {
  return spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const p: SerialPort = new SerialPort({ path, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
  });
}

function closePort(p: SerialPort): Promise<void> {
  return new Promise((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()));
}

/** The next `n` bytes `port` receives, however the pty splits them. */
function receive(port: SerialPort, n: number, ms = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(() => {
      port.off('data', onData);
      reject(new Error(`received ${got} of ${n} bytes in ${ms} ms`));
    }, ms);
    const onData = (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got >= n) {
        clearTimeout(timer);
        port.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    port.on('data', onData);
  });
}

/**
 * Let `host` and `sim` settle into reading, as a driver's port does, and resolve with each one's
 * hang-up. serialport learns of a hang-up only from the poll a waiting read sits in (a read already
 * in flight just sees end-of-file again and again), so a byte each way first makes sure both are there.
 */
async function watchHangUps(host: SerialPort, sim: SerialPort): Promise<Promise<{ disconnected?: boolean } | null>[]> {
  const hungUp = [host, sim].map(
    (p) => new Promise<{ disconnected?: boolean } | null>((resolve) => p.on('data', () => {}).once('close', (e: { disconnected?: boolean } | null) => resolve(e))),
  );
  for (const [from, to] of [
    [sim, host],
    [host, sim],
  ] as const) {
    const got = receive(to, 1);
    from.write(Buffer.from([0x55]));
    await got;
  }
  await new Promise((r) => setTimeout(r, 200));
  return hungUp;
}

/** A folder with a stand-in `socat` that answers `socat -V`, to put on PATH. */
function fakeSocat(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-fake-socat-'));
  writeFileSync(join(dir, 'socat'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(dir, 'socat'), 0o755);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the cable: socat when installed, node-pty pseudo-terminals when socat is absent or hidden', { skip: ptyPairAvailable() ? false : NO_PTY }, async () => {
  const bin = fakeSocat();
  try {
    assert.equal(ptyBackend({ PATH: bin.dir }), 'socat');
    assert.equal(ptyBackend({ PATH: bin.dir, KIOSK_NO_SYSTEM_TOOLS: '1' }), 'node-pty');
    assert.equal(ptyBackend({ PATH: '/nonexistent' }), 'node-pty');
  } finally {
    bin.dispose();
  }
  // And openPtyPair() makes the cable with the backend chosen for this process's environment.
  const pair = await openPtyPair();
  try {
    const dir = pair.simPath.slice(0, -'/sim'.length);
    const pids = cablePids(dir);
    assert.equal(pids.length, 1, `one process behind the pair: ${pids.join(', ')}`);
    assert.equal(command(pids[0]!), ptyBackend() === 'socat' ? 'socat' : command(process.pid), 'socat, or a node relay');
  } finally {
    await pair.close();
  }
});

// Both backends where socat is installed, node-pty's everywhere: the behaviour the simulators rely on
// is the same whichever made the cable.
const backends: PtyBackend[] = ptyPairAvailable() ? ['node-pty', ...(socatAvailable() ? (['socat'] as const) : [])] : [];

for (const backend of backends) {
  describe(`pty pair (${backend})`, () => {
    test('bytes written at the sim end arrive at the host end; close ends the cable and removes the temp dir', async () => {
      const pair = await openPtyPair({ backend });
      const dir = pair.simPath.slice(0, -'/sim'.length);
      assert.match(readlinkSync(pair.simPath), /^\/dev\/pts\/\d+$/);
      assert.match(readlinkSync(pair.hostPath), /^\/dev\/pts\/\d+$/);
      assert.equal(cablePids(dir).length, 1);
      const host = await openPort(pair.hostPath);
      const sim = await openPort(pair.simPath);
      try {
        const got = receive(host, 5);
        sim.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
        assert.deepEqual([...(await got)], [0xaa, 0xaa, 0xaa, 0x96, 0x69]);
      } finally {
        await Promise.all([host, sim].map(closePort));
        await pair.close();
        await pair.close(); // idempotent
      }
      assert.equal(existsSync(dir), false, 'temp dir removed');
      assert.deepEqual(cablePids(dir), [], 'nothing left running');
    });

    test('golden bytes: all 256 byte values pass unchanged both ways (no echo, CR/LF mapping or flow control)', async () => {
      const pair = await openPtyPair({ backend });
      const host = await openPort(pair.hostPath);
      const sim = await openPort(pair.simPath);
      try {
        const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        // Every value, then the ones a terminal treats specially in a row: CR LF, ^C ^D ^Q ^S ^V ^Z DEL.
        const golden = Buffer.concat([all, Buffer.from(all).reverse(), Buffer.from([0x0d, 0x0a, 0x0a, 0x0d, 0x03, 0x04, 0x11, 0x13, 0x16, 0x1a, 0x7f, 0xff, 0x00])]);
        for (const [from, to] of [
          [sim, host],
          [host, sim],
        ] as const) {
          const got = receive(to, golden.length);
          // In uneven pieces, as a device's UART packets arrive.
          for (let i = 0; i < golden.length; i += 37) from.write(golden.subarray(i, i + 37));
          assert.deepEqual(await got, golden);
        }
        // Nothing came back to a writer (no echo) and nothing extra arrived.
        const extra = await Promise.race([receive(sim, 1, 300).then(() => 'echo', () => 'none'), receive(host, 1, 300).then(() => 'extra', () => 'none')]);
        assert.equal(extra, 'none');
      } finally {
        await Promise.all([host, sim].map(closePort));
        await pair.close();
      }
    });

    test('close pulls the cable: both opened ends hang up; a new pair in the same dir has the same paths', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-replug-'));
      try {
        const first = await openPtyPair({ dir, backend });
        const host = await openPort(first.hostPath);
        const sim = await openPort(first.simPath);
        try {
          const hungUp = await watchHangUps(host, sim);
          await first.close();
          const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
          for (const [i, h] of hungUp.entries()) {
            const e = await Promise.race([h, timeout]);
            assert.notEqual(e, 'timeout', `${i === 0 ? 'host' : 'sim'} end was not told the cable was pulled`);
            assert.equal((e as { disconnected?: boolean } | null)?.disconnected, true, `${i === 0 ? 'host' : 'sim'} end: closed as disconnected`);
          }
        } finally {
          await Promise.all([host, sim].map(closePort));
          await first.close();
        }
        assert.equal(existsSync(join(dir, 'host')), false, 'the links go with the cable');

        const second = await openPtyPair({ dir, backend });
        try {
          assert.deepEqual([second.simPath, second.hostPath], [first.simPath, first.hostPath]);
          const h2 = await openPort(second.hostPath);
          const s2 = await openPort(second.simPath);
          try {
            const got = receive(s2, 3);
            h2.write(Buffer.from([1, 2, 3]));
            assert.deepEqual([...(await got)], [1, 2, 3]);
          } finally {
            await Promise.all([h2, s2].map(closePort));
          }
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a host killed with SIGKILL leaves nothing behind', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pty-orphan-'));
      let left: number[] = [];
      try {
        const script = `import { openPtyPair } from ${JSON.stringify(join(process.cwd(), 'drivers/core/sim/pty-pair.ts'))};
          await openPtyPair({ dir: ${JSON.stringify(dir)}, backend: ${JSON.stringify(backend)} }); console.log('ready'); setInterval(() => {}, 1000);`;
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((res, rej) => {
          child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && res());
          child.once('exit', (c) => rej(new Error(`helper exited ${c}`)));
        });
        const cable = cablePids(dir);
        assert.equal(cable.length, 1, `one process behind the pair: ${cable.join(', ')}`);
        // Neither socat nor the relay starts a process of its own that could outlive it.
        assert.deepEqual(childrenOf(cable[0]!), [], 'no process under the cable');
        left = cable;
        child.kill('SIGKILL');
        assert.ok(await eventually(() => !left.some(alive), 5000), `orphaned: ${left.filter(alive).join(', ')}`);
      } finally {
        for (const pid of left.filter(alive)) process.kill(pid, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('pty pair (node-pty relay)', { skip: ptyPairAvailable() ? false : NO_PTY }, () => {
  test('the relay killed with SIGKILL: both opened ends hang up', async () => {
    const pair = await openPtyPair({ backend: 'node-pty' });
    const dir = pair.simPath.slice(0, -'/sim'.length);
    const [relay] = cablePids(dir);
    assert.ok(relay !== undefined);
    const host = await openPort(pair.hostPath);
    const sim = await openPort(pair.simPath);
    try {
      const hungUp = await watchHangUps(host, sim);
      process.kill(relay, 'SIGKILL');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
      const told = await Promise.race([Promise.all(hungUp), timeout]);
      assert.notEqual(told, 'timeout', 'both ends hang up');
      assert.deepEqual((told as ({ disconnected?: boolean } | null)[]).map((e) => e?.disconnected), [true, true]);
    } finally {
      await Promise.all([host, sim].map(closePort));
      await pair.close();
    }
  });

  test('a relay that does not report in time: timeout, and nothing left running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-slow-'));
    try {
      await assert.rejects(openPtyPair({ dir, backend: 'node-pty', timeoutMs: 1 }), (e) => isKioskErrorLike(e) && e.code === 'timeout');
      assert.deepEqual(cablePids(dir), []);
      assert.equal(existsSync(join(dir, 'sim')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
