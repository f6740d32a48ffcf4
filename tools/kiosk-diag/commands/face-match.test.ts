// kiosk-test: long
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { demoPhotoDecoder } from '../../../drivers/idcard/sim/demo-photo-decoder.js';
import { fakeWltBlock } from '../../../drivers/idcard/sim/fake-wlt.js';
import { cameraStill, demoFaceSeed } from '../../../drivers/sim/face-synth/scenes.js';
import { toPng as png } from '../../../drivers/sim/face-synth/encode.js';
import { identityFromSeed } from '../../../drivers/sim/face-synth/synth-face.js';

const diag = (args: string[]) => spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'face-match', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('kiosk-diag face-match (docs/protocol.md §6)', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-facematch-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('matches the card holder’s decoded ID photo (BMP) with their camera still (PNG), not with another person; exit 0 both ways', async () => {
    const bmp = (await demoPhotoDecoder().decode(fakeWltBlock('wang'), { timeoutMs: 5000 })).bmp;
    writeFileSync(join(dir, 'id.bmp'), bmp);
    writeFileSync(join(dir, 'same.png'), png(cameraStill(identityFromSeed(demoFaceSeed('wang')), 0)));
    writeFileSync(join(dir, 'other.png'), png(cameraStill(identityFromSeed(demoFaceSeed('lin')), 0)));
    const same = diag(['--id-photo', join(dir, 'id.bmp'), '--live', join(dir, 'same.png'), '--json']);
    assert.equal(same.status, 0, same.stderr);
    const s = JSON.parse(same.stdout) as { match: boolean; score: number; threshold: number; engine: string };
    assert.deepEqual(Object.keys(s).sort(), ['engine', 'match', 'score', 'threshold']);
    assert.match(s.engine, /^builtin:/);
    assert.equal(s.match, true, same.stdout);
    const other = diag(['--id-photo', join(dir, 'id.bmp'), '--live', join(dir, 'other.png'), '--json']);
    assert.equal(other.status, 0, other.stderr);
    const o = JSON.parse(other.stdout) as { match: boolean; score: number; threshold: number };
    assert.equal(o.match, false, other.stdout);
    assert.ok(o.score < s.score);
    assert.equal(o.threshold, s.threshold);
  });

  it('no face in a picture: exit 4; not a picture or bad options: a clear error', () => {
    writeFileSync(join(dir, 'wall.png'), png({ width: 64, height: 64, rgb: new Uint8Array(64 * 64 * 3).fill(200) }));
    writeFileSync(join(dir, 'junk.jpg'), Buffer.from('definitely not a jpeg'));
    const none = diag(['--id-photo', join(dir, 'wall.png'), '--live', join(dir, 'wall.png'), '--json']);
    assert.equal(none.status, 4, none.stderr);
    assert.equal((JSON.parse(none.stdout) as { match: boolean }).match, false);
    const junk = diag(['--id-photo', join(dir, 'junk.jpg'), '--live', join(dir, 'wall.png'), '--json']);
    assert.equal(junk.status, 2);
    assert.match(junk.stdout, /not a JPEG, PNG or BMP/);
    assert.equal(diag(['--id-photo', join(dir, 'wall.png')]).status, 2);
    assert.equal(diag(['--id-photo', join(dir, 'wall.png'), '--live', join(dir, 'wall.png'), '--threshold', '7']).status, 2);
  });

  it('text mode says on stderr what it is doing while the models load; a missing file is exit 2 in one line', () => {
    const text = diag(['--id-photo', join(dir, 'wall.png'), '--live', join(dir, 'wall.png')]);
    assert.equal(text.status, 4, text.stderr);
    assert.match(text.stderr, /loading the face models, then looking for a face in .*wall\.png…/);
    const missing = diag(['--id-photo', join(dir, 'nope.jpg'), '--live', join(dir, 'wall.png')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /--id-photo .*nope\.jpg: no such file/);
    assert.doesNotMatch(missing.stderr, /ENOENT/);
  });

  it('a 48 MP 4:4:4 phone JPEG is read shrunk and scores as the same picture at camera size; a JPEG of 21,560 scans is refused at once; --timeout-sec is checked', async () => {
    const bmp = (await demoPhotoDecoder().decode(fakeWltBlock('wang'), { timeoutMs: 5000 })).bmp;
    writeFileSync(join(dir, 'id48.bmp'), bmp);
    const still = cameraStill(identityFromSeed(demoFaceSeed('wang')), 0);
    writeFileSync(join(dir, 'still.png'), png(still));
    const phone = await sharp(Buffer.from(still.rgb), { raw: { width: still.width, height: still.height, channels: 3 } })
      .resize(8000, 6000, { kernel: 'cubic' })
      .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
      .toBuffer();
    writeFileSync(join(dir, 'phone-48mp.jpg'), phone);
    const small = diag(['--id-photo', join(dir, 'id48.bmp'), '--live', join(dir, 'still.png'), '--json']);
    const big = diag(['--id-photo', join(dir, 'id48.bmp'), '--live', join(dir, 'phone-48mp.jpg'), '--json']);
    assert.equal(big.status, 0, big.stderr + big.stdout);
    const [a, b] = [small, big].map((r) => JSON.parse(r.stdout) as { score: number });
    assert.ok(Math.abs(a!.score - b!.score) <= 0.05, `camera-size ${a!.score}, 48 MP ${b!.score}`);

    // A small progressive JPEG whose last scan is repeated: each copy a pass over the image for a decoder.
    const prog = await sharp(Buffer.from(still.rgb), { raw: { width: still.width, height: still.height, channels: 3 } }).resize(64, 48).jpeg({ progressive: true }).toBuffer();
    const lastSos = prog.lastIndexOf(Buffer.from([0xff, 0xda]));
    const scan = prog.subarray(lastSos, prog.length - 2);
    writeFileSync(join(dir, 'scans.jpg'), Buffer.concat([prog.subarray(0, prog.length - 2), ...Array.from({ length: 21_560 }, () => scan), prog.subarray(prog.length - 2)]));
    const bomb = diag(['--id-photo', join(dir, 'id48.bmp'), '--live', join(dir, 'scans.jpg'), '--json']);
    assert.equal(bomb.status, 2, bomb.stderr);
    assert.match(bomb.stdout, /more than \d+ scans/);
    assert.equal(diag(['--id-photo', join(dir, 'id48.bmp'), '--live', join(dir, 'scans.jpg'), '--timeout-sec', '0']).status, 2);
  });

  it('--pairs scores a list with the models loaded once, as the single command would; a broken list is a usage error in one line', async () => {
    const bmp = (await demoPhotoDecoder().decode(fakeWltBlock('wang'), { timeoutMs: 5000 })).bmp;
    const sub = join(dir, 'set');
    mkdirSync(join(sub, 'id'), { recursive: true });
    mkdirSync(join(sub, 'live'), { recursive: true });
    writeFileSync(join(sub, 'id', 'wang.bmp'), bmp);
    writeFileSync(join(sub, 'live', 'wang.png'), png(cameraStill(identityFromSeed(demoFaceSeed('wang')), 0)));
    writeFileSync(join(sub, 'live', 'lin.png'), png(cameraStill(identityFromSeed(demoFaceSeed('lin')), 0)));
    writeFileSync(join(sub, 'live', 'wall.png'), png({ width: 64, height: 64, rgb: new Uint8Array(64 * 64 * 3).fill(200) }));
    const list = join(sub, 'pairs.json');
    writeFileSync(list, JSON.stringify({ pairs: [{ id: 'id/wang.bmp', live: 'live/wang.png', same: true }, { id: 'id/wang.bmp', live: 'live/lin.png', same: false }] }));
    const r = diag(['--pairs', list, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { engine: string; threshold: number; pairs: { score: number; match: boolean }[]; summary: { frr: number; far: number; noFace: string[] } };
    assert.match(out.engine, /^builtin:/);
    assert.deepEqual(out.pairs.map((p) => p.match), [true, false]);
    assert.equal(out.summary.frr, 0);
    assert.equal(out.summary.far, 0);
    // The same score as the single-pair command gives for the same two pictures.
    const single = JSON.parse(diag(['--id-photo', join(sub, 'id', 'wang.bmp'), '--live', join(sub, 'live', 'wang.png'), '--json']).stdout) as { score: number };
    assert.equal(out.pairs[0]!.score, single.score);

    writeFileSync(list, JSON.stringify({ pairs: [{ id: 'id/wang.bmp', live: 'live/wall.png', same: true }] }));
    const noFace = diag(['--pairs', list]);
    assert.equal(noFace.status, 4, noFace.stderr);
    assert.match(noFace.stdout, /FRR 100\.0 %/);
    assert.match(noFace.stdout, /pictures without a face: live\/wall\.png/);

    writeFileSync(list, JSON.stringify({ pairs: [{ id: 42 }] }));
    const bad = diag(['--pairs', list]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /pairs\.0\.id/);
    assert.equal(diag(['--pairs', list, '--live', join(sub, 'live', 'lin.png')]).status, 2);
    assert.equal(diag(['--pairs', join(sub, 'nope.json')]).status, 2);
  });
});
