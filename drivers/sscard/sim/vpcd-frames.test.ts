import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VpcdFrameReader, encodeVpcdFrame } from './vpcd-frames.js';
import { fromHex, hex } from '../codec/apdu.js';

const frames = [fromHex('04'), fromHex('00A404000F7378312E73682EC9E7BBE1B1A3D5CF'), fromHex('01'), new Uint8Array(300).fill(0xab), new Uint8Array(0)];
const stream = Uint8Array.from(frames.flatMap((f) => [...encodeVpcdFrame(f)]));

test('golden frames: 2-byte big-endian length, then the payload', () => {
  assert.equal(hex(encodeVpcdFrame(fromHex('04'))), '000104');
  assert.equal(hex(encodeVpcdFrame(new Uint8Array(300))).slice(0, 4), '012C');
});

test('the stream splits into the same frames at every single split point', () => {
  for (let cut = 0; cut <= stream.length; cut++) {
    const r = new VpcdFrameReader();
    const got = [...r.push(stream.subarray(0, cut)), ...r.push(stream.subarray(cut))];
    assert.deepEqual(got.map(hex), frames.map(hex), `split at ${cut}`);
  }
});

test('byte by byte, and every two-way split of the first frames', () => {
  const r = new VpcdFrameReader();
  const got: Uint8Array[] = [];
  for (const b of stream) got.push(...r.push(Uint8Array.of(b)));
  assert.deepEqual(got.map(hex), frames.map(hex));
  const head = stream.subarray(0, 30);
  for (let a = 0; a <= head.length; a++) {
    for (let b = a; b <= head.length; b++) {
      const rr = new VpcdFrameReader();
      const g = [...rr.push(head.subarray(0, a)), ...rr.push(head.subarray(a, b)), ...rr.push(head.subarray(b)), ...rr.push(stream.subarray(30))];
      assert.deepEqual(g.map(hex), frames.map(hex), `splits at ${a}, ${b}`);
    }
  }
});
