import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CARDS } from '../../sim/demo-cards.js';
import { fakeWltBlock } from '../sim/fake-wlt.js';
import { encodeCardText } from './card-text.js';
import { cardFromReadResponseBody } from './card.js';
import { FrameDecoder } from './frame.js';
import { encodeReadTextPhotoData, encodeResponse } from './responses.js';

/** Mulberry32: a fixed-seed PRNG so a failure is reproducible. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readFrame(i: number): Uint8Array {
  const d = DEMO_CARDS[i % DEMO_CARDS.length]!;
  return encodeResponse(0x90, encodeReadTextPhotoData(encodeCardText(d.card), fakeWltBlock(d.key)));
}

/** Cards the decoder produces from a byte stream pushed in the given chunk sizes. */
function cardsFrom(stream: Uint8Array, chunks: number[]): string[] {
  const d = new FrameDecoder();
  const out: string[] = [];
  let pos = 0;
  let k = 0;
  while (pos < stream.length) {
    const n = chunks[k++ % chunks.length]!;
    for (const e of d.push(stream.subarray(pos, pos + n))) {
      if (e.type !== 'frame') continue;
      const c = cardFromReadResponseBody(e.frame.body);
      if (c.ok) out.push(JSON.stringify(c.value.card));
    }
    pos += n;
  }
  return out;
}

test('a 1295-byte read response split at every byte boundary gives the same card', () => {
  const frame = readFrame(0);
  assert.equal(frame.length, 1295);
  assert.deepEqual([...frame.subarray(0, 14)], [0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x05, 0x08, 0, 0, 0x90, 0x01, 0x00, 0x04, 0x00]);
  const [expected] = cardsFrom(frame, [frame.length]);
  assert.ok(expected);
  for (let i = 1; i < frame.length; i++) {
    const d = new FrameDecoder();
    const ev = [...d.push(frame.subarray(0, i)), ...d.push(frame.subarray(i))];
    assert.equal(ev.length, 1, `split at ${i}`);
    const e = ev[0]!;
    assert.ok(e.type === 'frame');
    const c = cardFromReadResponseBody(e.frame.body);
    assert.ok(c.ok);
    assert.equal(JSON.stringify(c.value.card), expected, `split at ${i}`);
  }
  // and byte by byte, and in odd chunk sizes
  assert.deepEqual(cardsFrom(frame, [1]), [expected]);
  assert.deepEqual(cardsFrom(frame, [7, 3, 64, 1]), [expected]);
});

test('fuzz: random bytes never throw, never hang, never yield a card', () => {
  const r = rng(0x5a17);
  const d = new FrameDecoder();
  const started = performance.now();
  let frames = 0;
  for (let i = 0; i < 2000; i++) {
    const n = Math.floor(r() * 600);
    const chunk = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      // bias towards preamble bytes so the sync path is exercised
      const x = r();
      chunk[j] = x < 0.15 ? 0xaa : x < 0.2 ? 0x96 : x < 0.25 ? 0x69 : Math.floor(r() * 256);
    }
    for (const e of d.push(chunk)) {
      if (e.type !== 'frame') continue;
      frames++;
      assert.equal(cardFromReadResponseBody(e.frame.body).ok, false);
    }
    assert.ok(d.buffered <= 0x0c00 + 7, 'decoder buffer stays bounded');
  }
  // Generous bound: this is about "never hangs", not speed.
  assert.ok(performance.now() - started < 30_000);
  assert.ok(frames >= 0);
});

test('fuzz: every single-byte mutation of a read response yields no card', () => {
  const r = rng(0xc0ffee);
  const frame = readFrame(3);
  for (let pos = 1; pos < frame.length; pos++) {
    for (let k = 0; k < 3; k++) {
      const m = new Uint8Array(frame);
      let v = Math.floor(r() * 256);
      if (v === m[pos]) v ^= 0x01;
      m[pos] = v;
      // followed by silence: the decoder may hold a partial frame, but must not make a card
      assert.deepEqual(cardsFrom(m, [1 + Math.floor(r() * 200)]), [], `mutation at ${pos}`);
    }
  }
});

test('fuzz: truncated and spliced frames never yield a wrong card', () => {
  const r = rng(42);
  const a = readFrame(1);
  const b = readFrame(4);
  for (let i = 0; i < 300; i++) {
    const cut = 1 + Math.floor(r() * (a.length - 1));
    assert.deepEqual(cardsFrom(a.subarray(0, cut), [97]), [], 'truncated');
    // a frame cut short, then a whole other frame: only the whole one may come out
    const spliced = new Uint8Array([...a.subarray(0, cut), ...b]);
    const got = cardsFrom(spliced, [1 + Math.floor(r() * 300)]);
    const [whole] = cardsFrom(b, [b.length]);
    assert.ok(got.length <= 1 && (got.length === 0 || got[0] === whole), `splice at ${cut}`);
  }
});
