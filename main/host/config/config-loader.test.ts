import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const lines = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e.lines;
  }
  assert.fail('no error');
};

describe('config loading', () => {
  it('uses built-in defaults without a file: simulated devices, embedded back end, ./data', () => {
    const { config, file } = loadConfig({ argv: [], env: {}, cwd: dir });
    assert.equal(file, null);
    assert.equal(config.devices.idCardReader.transport, 'sim');
    assert.equal(config.backend.url, undefined);
    assert.equal(config.dataDir, join(dir, 'data'));
  });

  it('reads YAML from --config and applies the environment overrides', () => {
    const f = write('ok.yaml', 'kioskId: hall-01-k03\nlocale: en\ndevices:\n  idCardReader: { transport: serial, path: /dev/ttyUSB0 }\n');
    const { config } = loadConfig({ argv: ['--config', f], env: { KIOSK_PORT: '9999', KIOSK_DATA_DIR: '/var/kiosk', KIOSK_BACKEND_URL: 'http://127.0.0.1:8787' } });
    assert.equal(config.kioskId, 'hall-01-k03');
    assert.equal(config.locale, 'en');
    assert.deepEqual(config.devices.idCardReader, { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 115200, pollIntervalMs: 300, requestTimeoutMs: 3000 });
    assert.equal(config.host.port, 9999);
    assert.equal(config.dataDir, '/var/kiosk');
    assert.equal(config.backend.url, 'http://127.0.0.1:8787');
  });

  it('KIOSK_CONFIG names the file when --config is absent', () => {
    const f = write('env.yaml', 'kioskId: from-env\n');
    assert.equal(loadConfig({ argv: [], env: { KIOSK_CONFIG: f } }).config.kioskId, 'from-env');
  });

  it('names an unknown key', () => {
    const f = write('unknown.yaml', 'kioskId: a\ndevices:\n  idCardReadr: { transport: sim }\n');
    assert.deepEqual(lines(() => loadConfig({ argv: ['--config', f], env: {} })), ['config: unknown key devices.idCardReadr']);
  });

  it('names the key, the value and what was expected for a wrong type', () => {
    const f = write('type.yaml', 'devices:\n  idCardReader: { transport: serial, path: /dev/x, baudRate: fast }\n');
    const l = lines(() => loadConfig({ argv: ['--config', f], env: {} }));
    assert.equal(l.length, 1);
    assert.match(l[0]!, /^config: devices\.idCardReader\.baudRate = "fast": expected number/);
  });

  it('reports a missing file and bad YAML in one line', () => {
    assert.deepEqual(lines(() => loadConfig({ argv: ['--config', join(dir, 'nope.yaml')], env: {} })), [`config: cannot read ${join(dir, 'nope.yaml')}: no such file`]);
    const f = write('bad.yaml', 'kioskId: [unclosed\n');
    const l = lines(() => loadConfig({ argv: ['--config', f], env: {} }));
    assert.equal(l.length, 1);
    assert.match(l[0]!, /is not valid YAML/);
  });

  it('the browser host exits 78 with at most three lines and no stack trace', () => {
    const f = write('many.yaml', 'a: 1\nlocale: fr\nui: { idleTimeoutSec: -1 }\nhost: { port: "x" }\n');
    for (const args of [['--config', f], ['--config', join(dir, 'missing.yaml')]]) {
      const r = spawnSync(process.execPath, ['tools/host.mjs', ...args], { encoding: 'utf8', env: { ...process.env, KIOSK_PORT: '' } });
      assert.equal(r.status, 78, r.stderr);
      const out = r.stderr.trim().split('\n');
      assert.ok(out.length >= 1 && out.length <= 3, r.stderr);
      assert.doesNotMatch(r.stderr, /\s+at\s|Error:/);
      assert.equal(r.stdout, '');
    }
  });

  it('refuses an oversized file before parsing (a 5 MB map of keys), and alias bombs and duplicate keys', () => {
    let keys = '';
    for (let i = 0; keys.length < 5 * 1024 * 1024; i++) keys += `k${i}: v\n`;
    const big = lines(() => loadConfig({ argv: ['--config', write('keys.yaml', keys)], env: {} }));
    assert.equal(big.length, 1);
    assert.match(big[0]!, /^config: cannot read .*keys\.yaml: \d+ bytes, over the limit of 262144$/);
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    assert.match(lines(() => loadConfig({ argv: ['--config', write('bomb.yaml', bomb)], env: {} }))[0]!, /is not valid YAML: .*alias/i);
    assert.match(lines(() => loadConfig({ argv: ['--config', write('dup.yaml', 'kioskId: a\nkioskId: b\n')], env: {} }))[0]!, /is not valid YAML: Map keys must be unique \("kioskId"\) at line 2/);
  });
});

