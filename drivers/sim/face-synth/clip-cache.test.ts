import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cachedClip, clipKey, renderClip } from './clip-cache.js';

describe('face clip cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-clip-cache-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const tiny = { width: 32, height: 24, fps: 2, seconds: 1 };

  it('a cached clip is byte for byte a fresh render, and is read from the file the second time', () => {
    const fresh = renderClip({ kind: 'live', card: 'wang' }, tiny);
    const first = cachedClip({ kind: 'live', card: 'wang' }, tiny, dir);
    assert.equal(readdirSync(dir).length, 1);
    const second = cachedClip({ kind: 'live', card: 'wang' }, tiny, dir);
    for (const c of [first, second]) {
      assert.deepEqual([c.width, c.height, c.fps, c.frames.length], [fresh.width, fresh.height, fresh.fps, fresh.frames.length]);
      c.frames.forEach((f, i) => assert.ok(Buffer.from(f.rgb).equals(Buffer.from(fresh.frames[i]!.rgb)), `frame ${i}`));
    }
  });

  it('the key changes with the scene and every option; a truncated file is rendered again', () => {
    const keys = new Set([
      clipKey({ kind: 'live', card: 'wang' }, tiny),
      clipKey({ kind: 'live', card: 'lin' }, tiny),
      clipKey({ kind: 'photo', card: 'wang' }, tiny),
      clipKey({ kind: 'live', card: 'wang' }, { ...tiny, width: 34 }),
      clipKey({ kind: 'live', card: 'wang' }, { ...tiny, fps: 3 }),
      clipKey({ kind: 'live', card: 'wang' }, { ...tiny, seconds: 2 }),
    ]);
    assert.equal(keys.size, 6);
    const file = join(dir, readdirSync(dir).find((n) => n.startsWith('live-'))!);
    truncateSync(file, 100);
    const again = cachedClip({ kind: 'live', card: 'wang' }, tiny, dir);
    assert.equal(again.frames.length, 2);
    assert.equal(again.frames[1]!.rgb.length, 32 * 24 * 3);
  });
});
