import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { afterStartDecision, FirmwareUpdater, type PendingUpdate } from './firmware-update.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-ota-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('OTA rollback policy', () => {
  const p: PendingUpdate = { title: 'openkiosk', fromVersion: '1.0.0', toVersion: '1.1.0', boots: 1, at: '' };
  it('confirms a healthy new version, waits on probation, rolls back after repeated unhealthy starts', () => {
    assert.equal(afterStartDecision(p, '1.1.0', true), 'confirm');
    assert.equal(afterStartDecision(p, '1.1.0', false), 'wait');
    assert.equal(afterStartDecision({ ...p, boots: 3 }, '1.1.0', false), 'rollback');
  });
  it('reports failure when the old version is still running after the install', () => {
    assert.equal(afterStartDecision(p, '1.0.0', false), 'failed');
  });
});

describe('OTA after a restart (no Electron: a recording installer)', () => {
  const setup = (version: string, pending: PendingUpdate) => {
    const d = mkdtempSync(join(dir, 'ota-'));
    mkdirSync(join(d, 'fleet', 'firmware'), { recursive: true });
    writeFileSync(join(d, 'fleet', 'firmware', 'pending.json'), JSON.stringify(pending));
    const reports: Record<string, unknown>[] = [];
    const rollbacks: string[] = [];
    const u = new FirmwareUpdater({
      dataDir: d,
      currentVersion: version,
      installer: { install: async () => undefined, rollback: async (v) => void rollbacks.push(v) },
      idle: () => true,
      requestChunk: async () => undefined,
      report: (v) => reports.push(v),
      onState: () => undefined,
      audit: () => undefined,
      healthyAfterMs: 20,
    });
    return { d, u, reports, rollbacks };
  };
  const pending: PendingUpdate = { title: 'openkiosk', fromVersion: '1.0.0', toVersion: '1.1.0', boots: 0, at: '' };

  it('UPDATED once the new version ran healthy', async () => {
    const { d, u, reports } = setup('1.1.0', pending);
    u.resumeAfterStart();
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(reports.map((r) => r.fw_state), ['UPDATED']);
    assert.ok(!existsSync(join(d, 'fleet', 'firmware', 'pending.json')));
    u.stop();
  });

  it('rolls back and reports FAILED with the reason when the new version keeps failing to come up', () => {
    const { u, reports, rollbacks } = setup('1.1.0', { ...pending, boots: 2 });
    u.resumeAfterStart();
    assert.deepEqual(rollbacks, ['1.0.0']);
    assert.equal(reports[0]!.fw_state, 'FAILED');
    assert.match(String(reports[0]!.fw_error), /did not come up healthy.*rolled back to 1\.0\.0/);
    u.stop();
  });
});
