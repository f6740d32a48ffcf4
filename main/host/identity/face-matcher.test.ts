import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtinMatcher, loadFaceMatcher } from './face-matcher.js';
import { DEFAULT_FACE_THRESHOLD } from './face-threshold.js';
import { moduleBeside } from '../../../common/module-beside.js';

describe('face matcher slot (identity.face.engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'face-matcher-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const signal = new AbortController().signal;
  const mod = (name: string, body: string) => {
    const p = join(dir, `${name}.mjs`);
    writeFileSync(p, body);
    return p;
  };

  it('builtin (or nothing) is the kiosk’s own match with the measured threshold', async () => {
    for (const spec of [undefined, 'builtin']) {
      const m = await loadFaceMatcher(spec, { timeoutMs: 1000 });
      assert.equal(m.name, builtinMatcher().name);
      assert.equal(m.threshold, DEFAULT_FACE_THRESHOLD);
      assert.equal(m.needsImage, false);
    }
  });

  it('loads a module and keeps its scores, threshold and name', async () => {
    const m = await loadFaceMatcher(moduleBeside(import.meta.url, './test-support/thumbnail-face-matcher').pathname, { timeoutMs: 1000 });
    assert.equal(m.name, 'test:thumbnail 1.0');
    assert.equal(m.threshold, 0.8);
    assert.equal(m.measuredGood, true);
    const rgb = new Uint8Array(32 * 32 * 3).map((_, i) => (i * 7) % 251);
    const t = await m.describe({ own: null, image: { width: 32, height: 32, rgb, box: [0, 0, 32, 32] } }, signal);
    assert.equal(t?.length, 64);
    assert.equal(await m.compare(t!, t!, signal), 1);
  });

  it('refuses what breaks the contract, and times out a call that hangs', async () => {
    await assert.rejects(loadFaceMatcher(join(dir, 'missing.mjs'), { timeoutMs: 1000 }), { code: 'not-available' });
    await assert.rejects(loadFaceMatcher(mod('none', 'export const x = 1;'), { timeoutMs: 1000 }), { code: 'not-available', message: /createFaceMatcher/ });
    await assert.rejects(loadFaceMatcher(mod('bad', 'export const createFaceMatcher = () => ({ name: "x", threshold: 7, describe() {}, compare() {} });'), { timeoutMs: 1000 }), { code: 'not-available' });
    const hang = await loadFaceMatcher(mod('hang', 'export const createFaceMatcher = () => ({ name: "slow", threshold: 0.5, describe: () => new Promise(() => {}), compare: async () => 3 });'), { timeoutMs: 200 });
    await assert.rejects(hang.describe({ own: null, image: null }, signal), { code: 'timeout' });
    await assert.rejects(hang.compare([1], [1], signal), { code: 'protocol-error' });
    const junk = await loadFaceMatcher(mod('junk', 'export const createFaceMatcher = () => ({ name: "junk", threshold: 0.5, describe: async () => "face", compare: async () => 0.5 });'), { timeoutMs: 200 });
    await assert.rejects(junk.describe({ own: null, image: null }, signal), { code: 'protocol-error' });
  });
});
