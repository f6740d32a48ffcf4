import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { keepOutOfService, readOutOfService } from '../fleet/fleet-status.js';
import { runCommand, type CommandDeps } from '../fleet/rpc-commands.js';
import { createKioskControl } from './kiosk-control.js';
import { KioskState, type OutOfService } from './kiosk-state.js';

// The fleet command flow of docs/architecture.md: the `setOutOfService` command calls the narrow
// KioskControl, which writes KioskState; the state's one change event is what the host turns into
// the renderer's `kiosk.info` and what keeps the notice on disk. Nothing calls back into the fleet code.
function kiosk(idle: boolean) {
  const state = new KioskState();
  const control = createKioskControl({
    config: { kioskId: 'K-0001' },
    hub: { receiptPrinter: { service: null } } as never, // not reached by this command
    queue: {} as never,
    state,
    idle: () => idle,
    restart: () => assert.fail('setOutOfService restarts nothing'),
  });
  const deps: CommandDeps = { control, kioskId: 'K-0001', values: () => ({}), fleetStatus: () => assert.fail('not read'), dataDir: '/nonexistent', appVersion: '0.0.0' };
  const changes: OutOfService[] = [];
  state.onDidChangeOutOfService((n) => changes.push(n));
  return { state, deps, changes };
}

test('setOutOfService: command → KioskControl → KioskState, one change event with the trimmed, redacted notice', async () => {
  const { state, deps, changes } = kiosk(true);
  const answer = await runCommand('setOutOfService', { on: true, message: '  设备维护，咨询 13912345678  ' }, deps);
  assert.equal(answer.ok, true);
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.on, true);
  assert.doesNotMatch(changes[0]!.message!, /13912345678/, 'no phone number goes to the screen or the disk');
  assert.match(changes[0]!.message!, /^设备维护，咨询 139/);
  assert.deepEqual(state.outOfService, changes[0]);
  assert.equal((answer as { shownNow?: boolean }).shownNow, true);

  // Lifting it drops the message; a bad request changes nothing.
  assert.equal((await runCommand('setOutOfService', { on: 'yes' }, deps)).ok, false);
  assert.equal(changes.length, 1);
  await runCommand('setOutOfService', { on: false, message: 'ignored when off' }, deps);
  assert.deepEqual(changes.at(-1), { on: false, message: null });
});

test('mid-service the notice is set but not shown now; the change event alone keeps it on disk for the next start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oos-'));
  try {
    const { state, deps } = kiosk(false);
    const kept = keepOutOfService(state, dir);
    const answer = await runCommand('setOutOfService', { on: true, message: '系统升级' }, deps);
    assert.equal((answer as { shownNow?: boolean }).shownNow, false);
    assert.deepEqual(readOutOfService(dir), { on: true, message: '系统升级' });
    kept.dispose();
    state.setOutOfService({ on: false, message: null });
    assert.deepEqual(readOutOfService(dir), { on: true, message: '系统升级' }, 'no longer written once disposed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
