import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { PageProcessor } from './page-processor.js';

// A plain grey frame: no page to find, but a real decode and a real OpenCV pass in the real worker.
const frame = () => sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 120, g: 120, b: 120 } } }).jpeg().toBuffer();

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

test('a slow frame is answered timeout, but the worker keeps it and serves the next frame: no restart, no second OpenCV compile', async () => {
  // A budget no frame can meet; a long stuck limit.
  const p = new PageProcessor('outline', 1, 60_000);
  try {
    await p.started(60_000);
    await assert.rejects(p.detect(await frame()), (e: { code: string; retryable: boolean }) => e.code === 'timeout' && e.retryable);
    // Until the worker answers the late frame, another frame is skipped as busy, not queued.
    if (p.busy) await assert.rejects(p.detect(await frame()), (e: { code: string }) => e.code === 'busy');
    assert.ok(await until(() => !p.busy, 30_000), 'the worker answered the late frame');
    await assert.rejects(p.detect(await frame()), (e: { code: string }) => e.code === 'timeout');
    assert.equal(p.starts, 1, 'the same worker throughout');
  } finally {
    await p.dispose();
  }
});

test('a worker still silent after the stuck limit is ended; the next frame starts a fresh one', async () => {
  const p = new PageProcessor('outline', 1, 1);
  try {
    await p.started(60_000);
    await assert.rejects(p.detect(await frame()), (e: { code: string }) => e.code === 'timeout');
    assert.ok(await until(() => !p.busy, 10_000));
    // The stuck one was ended: this request needs a new worker.
    await assert.rejects(p.detect(await frame()), (e: { code: string }) => e.code === 'timeout');
    assert.equal(p.starts, 2);
  } finally {
    await p.dispose();
  }
});
