import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPhotoDecoder, toBmp } from './photo-decoder.js';

test('no configured decoder → no photo decoding', async () => {
  assert.equal(await loadPhotoDecoder(undefined), null);
  await assert.rejects(loadPhotoDecoder('/nonexistent/wltdecode'), (e: { code: string }) => e.code === 'not-available');
});

test('raw 102×126 BGR is wrapped as a 38,862-byte bottom-up BMP', () => {
  const p = toBmp(new Uint8Array(102 * 126 * 3));
  assert.equal(p.bmp.length, 38862);
  assert.equal(Buffer.from(p.bmp).toString('ascii', 0, 2), 'BM');
  assert.throws(() => toBmp(new Uint8Array(100)), /expected 38556/);
});

test('an executable helper gets the WLT block on stdin', { skip: process.platform === 'win32' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wlt-'));
  try {
    const helper = join(dir, 'wlt-helper.sh');
    // Stand-in vendor helper: checks it got 1024 bytes, answers with a black picture.
    await writeFile(helper, '#!/bin/sh\nn=$(wc -c | tr -d " ")\n[ "$n" = 1024 ] || exit 3\nhead -c 38556 /dev/zero\n');
    await chmod(helper, 0o755);
    const d = await loadPhotoDecoder(helper);
    assert.ok(d);
    const photo = await d.decode(new Uint8Array(1024), { timeoutMs: 10_000 });
    assert.equal(photo.width, 102);
    assert.equal(photo.bmp.length, 38862);
    await assert.rejects(d.decode(new Uint8Array(10), { timeoutMs: 10_000 }), /exited 3/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
