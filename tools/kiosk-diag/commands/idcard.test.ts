import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IdCard } from '../../../contracts/devices.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { startSimulator, type RunningSimulator } from '../../../drivers/idcard/sim/start-simulator.js';
import { NO_PTY, ptyPairAvailable } from '../../../drivers/core/sim/pty-pair.js';
import { runDiag } from '../test-support/run-diag.js';

// kiosk-diag idcard against the SAM simulator on a real pty, as a technician would run it.

const diag = runDiag;

// The command opens a serial port by path: it needs a real pseudo-terminal pair (socat or node-pty).
describe('kiosk-diag idcard', { skip: ptyPairAvailable() ? false : NO_PTY }, () => {
  let running: RunningSimulator;
  before(async () => {
    running = await startSimulator({ strayBytes: Uint8Array.of(0xaa, 0x00, 0x13), chunkSize: 5 });
    if (running.mode !== 'pty') throw new Error('this test needs a pseudo-terminal pair');
  });
  after(async () => running.dispose());

  for (const demo of DEMO_CARDS) {
    test(`--reveal --json decodes ${demo.key} (${demo.card.cardType}); first read fails with 41`, async () => {
      running.sim.placeCard(demo.key);
      running.sim.addFault({ command: 'readTextPhoto', kind: { status: 0x41 }, count: 1 });
      const r = await diag(['idcard', '--port', running.hostPath!, '--reveal', '--json', '--timeout', '20000']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, 'exactly one JSON object');
      const card = IdCard.parse(JSON.parse(lines[0]!));
      const { photo, warnings, ...fields } = card;
      assert.deepEqual(fields, demo.card);
      assert.deepEqual(warnings, []);
      assert.equal(Buffer.from(photo!.base64, 'base64').length, 1024);
    });
  }

  test('without --reveal names and numbers are masked, the birth date is cut to its year and no photo is printed', async () => {
    running.sim.placeCard('ouyang');
    const demo = DEMO_CARDS.find((c) => c.key === 'ouyang')!.card;
    const r = await diag(['idcard', '--port', running.hostPath!, '--json', '--timeout', '20000']);
    assert.equal(r.code, 0, r.stderr);
    const card = JSON.parse(r.stdout) as { name: string; idNumber: string; birthDate: string; photo: unknown };
    assert.equal(card.name, '欧**明');
    assert.equal(card.idNumber, '3205**********0013');
    assert.equal(card.birthDate, `${demo.birthDate.slice(0, 4)}-**-**`);
    assert.equal(card.photo, null);
    assert.ok(!r.stdout.includes(demo.birthDate), 'the full birth date is not printed');
  });

  test('no card: exit 3 with a timeout error', async () => {
    running.sim.removeCard();
    const r = await diag(['idcard', '--port', running.hostPath!, '--json', '--timeout', '800']);
    assert.equal(r.code, 3);
    assert.equal(JSON.parse(r.stdout).error.code, 'timeout');
  });

  test('a port that does not exist: exit 4', async () => {
    const r = await diag(['idcard', '--port', '/nonexistent/tty', '--json', '--timeout', '800']);
    assert.equal(r.code, 4);
    assert.equal(JSON.parse(r.stdout).error.code, 'device-offline');
  });
});

test('kiosk-diag ports --json lists serial ports and never crashes on HID', async () => {
  const r = await diag(['ports', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { serial: { path: string }[]; hid: unknown[] };
  assert.ok(Array.isArray(out.serial));
  assert.ok(Array.isArray(out.hid));
  for (const p of out.serial) assert.equal(typeof p.path, 'string');
});
