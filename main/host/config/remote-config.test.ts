import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KioskConfig, REMOTE_LIMITS } from '../../../contracts/config.js';
import { checkRemoteConfig, configHash, remoteLayerFile, withRemoteLayer } from './remote-config.js';

const base = KioskConfig.parse({ dataDir: '/tmp/unused' });
const check = (pushed: unknown) => checkRemoteConfig(base, pushed);
const error = (pushed: unknown) => {
  const r = check(pushed);
  assert.equal(r.ok, false, 'refused');
  return (r as { error: string }).error;
};
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('remote config: every pushed value is bounded', () => {
  it('numbers have a floor and a ceiling (the limits named in contracts)', () => {
    assert.match(error({ heartbeat: { intervalMin: 0.00002 } }), /heartbeat\.intervalMin = 0\.00002: 0 \(off\) or 1 to 1440 minutes/);
    assert.match(error({ heartbeat: { intervalMin: 1441 } }), /heartbeat\.intervalMin/);
    assert.equal(check({ heartbeat: { intervalMin: 0 } }).ok, true);
    assert.equal(check({ heartbeat: { intervalMin: REMOTE_LIMITS.heartbeatIntervalMin.min } }).ok, true);
    assert.match(error({ heartbeat: { urgentDebounceSec: 0 } }), /heartbeat\.urgentDebounceSec/);
    assert.match(error({ heartbeat: { queueStuckMin: 0.5 } }), /heartbeat\.queueStuckMin/);
    assert.match(error({ ui: { idleTimeoutSec: 4 } }), /ui\.idleTimeoutSec/);
    assert.match(error({ ui: { idleWarningSec: 121 } }), /ui\.idleWarningSec/);
    assert.match(error({ maintenance: { windowMin: 0 } }), /maintenance\.windowMin/);
    assert.match(error({ maintenance: { nightlyRestartHour: 24 } }), /maintenance\.nightlyRestartHour/);
    assert.match(error({ maintenance: { idleQuietSec: 1e9 } }), /maintenance\.idleQuietSec/);
    // The file may still set a short period for tests; only the push is bounded this tightly.
    assert.equal(KioskConfig.safeParse({ heartbeat: { intervalMin: 0.05 } }).success, true);
  });

  it('strings have a length and no line breaks, on the screen and the receipt alike (file too)', () => {
    assert.match(error({ hall: { name: '厅'.repeat(80_000) } }), /240020 bytes, at most 16384/);
    assert.match(error({ hall: { name: '厅'.repeat(41) } }), /hall\.name = .*: 1 to 40 characters/);
    assert.equal(check({ hall: { name: '厅'.repeat(40) } }).ok, true, '40 CJK characters are 40, not 120 bytes');
    assert.match(error({ hall: { nameEn: 'x'.repeat(81) } }), /hall\.nameEn/);
    assert.match(error({ hall: { maintainerPhone: '1'.repeat(33) } }), /hall\.maintainerPhone/);
    assert.match(error({ hall: { name: '城东\n分厅' } }), /no control characters/);
    assert.match(error({ hall: { name: '' } }), /hall\.name/);
    assert.match(error({ hall: { timeZone: 'A'.repeat(65) } }), /hall\.timeZone/);
    assert.equal(KioskConfig.safeParse({ hall: { name: 'x'.repeat(41) } }).success, false);
  });

  it('a config nested 30,000 levels deep is refused and hashed without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`) as unknown;
    assert.match(error({ ui: deep }), /nested deeper than 8 levels/);
    assert.match(configHash(deep), /^[0-9a-f]{16}$/);
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    assert.match(error({ ui: wide }), /more than 2000 values/);
  });

  it('"applied" only for what takes effect: prototype keys are refused at any depth', () => {
    for (const raw of ['{"ui":{"__proto__":{"idleTimeoutSec":90}}}', '{"hall":{"constructor":{"x":1}}}', '{"__proto__":{"ui":{}}}']) {
      assert.match(error(JSON.parse(raw)), /is not allowed/, raw);
    }
    assert.match(error({ hall: { name: 'ok', extra: 1 } }), /unknown key hall\.extra/);
    const ok = check({ ui: { idleTimeoutSec: 90 } });
    assert.equal(ok.ok && ok.config.ui.idleTimeoutSec, 90);
  });

  it('a stored layer from an older version with a value now out of bounds does not survive a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-remote-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'fleet'));
    writeFileSync(remoteLayerFile(dir), JSON.stringify({ config: { heartbeat: { intervalMin: 0.00002 }, hall: { name: '城东分厅' } }, hash: 'x', appliedAt: '' }));
    const { config, layer } = withRemoteLayer(KioskConfig.parse({ dataDir: dir }));
    assert.equal(layer, null);
    assert.equal(config.heartbeat.intervalMin, 5, 'the file (default) value, not the stored one');
    assert.equal(config.hall.name, '24小时自助服务厅');
  });
});
