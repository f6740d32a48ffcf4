import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SerialPort } from 'serialport';
import { openPtyPair, socatAvailable } from './pty-pair.js';

/** socat processes whose command line names `dir` (its link= arguments do). */
function socatsFor(dir: string): string[] {
  const r = spawnSync('pgrep', ['-f', `socat.*${dir}`], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean);
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

test('pty pair: bytes written at the sim end arrive at the host end; close removes socat and the temp dir', { skip: !socatAvailable() && '[needs socat] socat is not installed (apt-get install -y socat)' }, async () => {
  const pair = await openPtyPair();
  const host = new SerialPort({ path: pair.hostPath, baudRate: 115200 });
  const sim = new SerialPort({ path: pair.simPath, baudRate: 115200 });
  try {
    await Promise.all([host, sim].map((p) => new Promise<void>((res, rej) => p.once('open', res).once('error', rej))));
    const got = new Promise<Buffer>((res) => host.once('data', res));
    sim.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    assert.deepEqual([...(await got)], [0xaa, 0xaa, 0xaa, 0x96, 0x69]);
  } finally {
    await Promise.all([host, sim].map((p) => new Promise<void>((res) => (p.isOpen ? p.close(() => res()) : res()))));
    await pair.close();
    await pair.close(); // idempotent
  }
  assert.equal(existsSync(pair.hostPath), false, 'temp dir removed');
});

test('pty pair: a host killed with SIGKILL does not leave its socat behind', { skip: !socatAvailable() && '[needs socat] socat is not installed (apt-get install -y socat)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pty-orphan-'));
  try {
    const script = `import { openPtyPair } from ${JSON.stringify(join(process.cwd(), 'drivers/core/sim/pty-pair.ts'))};
      await openPtyPair({ dir: ${JSON.stringify(dir)} }); console.log('ready'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && res());
      child.once('exit', (c) => rej(new Error(`helper exited ${c}`)));
    });
    assert.equal(socatsFor(dir).length, 1, 'socat running for the pair');
    child.kill('SIGKILL');
    assert.ok(await eventually(() => socatsFor(dir).length === 0, 5000), `orphaned socat: ${socatsFor(dir).join(', ')}`);
  } finally {
    for (const pid of socatsFor(dir)) process.kill(Number(pid), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
