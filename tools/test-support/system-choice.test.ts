import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findSystemTool } from '../../drivers/core/test-support/system-tools.js';
import { pdfBackend } from '../../drivers/core/test-support/pdf-tools.js';
import { cjkFontCandidates, npmCjkFont } from '../../drivers/document-printer/cjk-font.js';
import { plainBroker } from '../../main/host/fleet/test-support/mosquitto.js';
import { chromiumChoice, SYSTEM_CHROMIUMS } from '../../tests/e2e/support/browser.js';

/** A folder with stand-in executables named like the system tools, to put on PATH. */
function fakeBin(names: string[]): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-fake-bin-'));
  for (const n of names) {
    writeFileSync(join(dir, n), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, n), 0o755);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a system tool on PATH (or at a known absolute path) is chosen; none when absent or hidden with KIOSK_NO_SYSTEM_TOOLS=1', () => {
  const bin = fakeBin(['mosquitto', 'pdftotext', 'pdffonts', 'pdfinfo', 'pdftoppm', 'pdfimages']);
  try {
    assert.equal(findSystemTool('mosquitto', [], { PATH: bin.dir }), join(bin.dir, 'mosquitto'));
    assert.equal(findSystemTool('mosquitto', [join(bin.dir, 'mosquitto')], { PATH: '/nonexistent' }), join(bin.dir, 'mosquitto'));
    assert.equal(findSystemTool('mosquitto', [], { PATH: '/nonexistent' }), null);
    assert.equal(findSystemTool('mosquitto', [], { PATH: bin.dir, KIOSK_NO_SYSTEM_TOOLS: '1' }), null);
    // A file that is not executable is not a tool.
    chmodSync(join(bin.dir, 'pdftotext'), 0o644);
    assert.equal(findSystemTool('pdftotext', [], { PATH: bin.dir }), null);
    chmodSync(join(bin.dir, 'pdftotext'), 0o755);
    assert.equal(pdfBackend({ PATH: bin.dir }), 'poppler');
    assert.equal(pdfBackend({ PATH: bin.dir, KIOSK_NO_SYSTEM_TOOLS: '1' }), 'pdfjs');
    assert.equal(pdfBackend({ PATH: '/nonexistent' }), 'pdfjs');
  } finally {
    bin.dispose();
  }
});

test('the MQTT broker of the tests: mosquitto when installed, aedes otherwise', async () => {
  const bin = fakeBin(['mosquitto']);
  try {
    assert.equal(plainBroker({ PATH: bin.dir, MOSQUITTO_BIN: '/nonexistent' }).kind, 'mosquitto');
    assert.equal(plainBroker({ PATH: bin.dir, MOSQUITTO_BIN: '/nonexistent', KIOSK_NO_SYSTEM_TOOLS: '1' }).kind, 'aedes');
    const aedes = plainBroker({ PATH: '/nonexistent', MOSQUITTO_BIN: '/nonexistent' });
    assert.equal(aedes.kind, 'aedes');
    // The substitute is a real broker: it accepts a connection on its port.
    await aedes.start();
    try {
      assert.ok(aedes.port > 0);
    } finally {
      await aedes.dispose();
    }
  } finally {
    bin.dispose();
  }
});

test('the e2e browser: CHROMIUM_PATH, else the system Chromium when present, else the one from npm', () => {
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  const auto = chromiumChoice({});
  assert.equal(auto.kind, system ? 'system' : 'npm');
  if (system) assert.equal(auto.executablePath, system);
  const npm = chromiumChoice({ KIOSK_NO_SYSTEM_TOOLS: '1' });
  assert.equal(npm.kind, 'npm');
  assert.ok(existsSync(npm.executablePath), npm.executablePath);
  assert.match(npm.env?.LD_LIBRARY_PATH ?? '', /al2023/);
  assert.throws(() => chromiumChoice({ CHROMIUM_PATH: '/nonexistent/chrome' }), /does not exist/);
});

test('the document font: the system one is preferred when present, the npm one otherwise', () => {
  assert.deepEqual(cjkFontCandidates({}, { KIOSK_NO_SYSTEM_TOOLS: '1' }), [npmCjkFont()]);
  assert.ok(cjkFontCandidates({}, {}).length > 1);
});
