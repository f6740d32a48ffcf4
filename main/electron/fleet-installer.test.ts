import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installTarget, restorePrevious, swapAppImage } from './fleet-installer.js';

describe('fleet OTA installer (AppImage)', () => {
  it('swaps the verified package in, keeps the previous build, and restores it on rollback', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-appimage-'));
    try {
      const current = join(dir, 'OpenKiosk.AppImage');
      const pkg = join(dir, 'openkiosk-1.1.0.bin');
      writeFileSync(current, 'v1.0.0');
      writeFileSync(pkg, 'v1.1.0');
      swapAppImage(current, pkg);
      assert.equal(readFileSync(current, 'utf8'), 'v1.1.0');
      assert.equal(statSync(current).mode & 0o111, 0o111, 'executable');
      assert.equal(readFileSync(`${current}.previous`, 'utf8'), 'v1.0.0');
      assert.equal(restorePrevious(current), true);
      assert.equal(readFileSync(current, 'utf8'), 'v1.0.0');
      assert.equal(restorePrevious(current), false, 'nothing kept any more');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('says why a build that is not an AppImage cannot take a fleet update', () => {
    assert.deepEqual(installTarget({ APPIMAGE: '/opt/k.AppImage' }), { kind: 'appimage', path: '/opt/k.AppImage' });
    assert.equal(installTarget({}).kind, 'unsupported');
  });
});
