import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, encodeFrame, type DecodeEvent } from './frame.js';
import { SamCommand, encodeCommand, type SamCommandName } from './commands.js';
import { encodeResponse, parseResponse } from './responses.js';

const h = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((x) => parseInt(x, 16)));
const frames = (events: DecodeEvent[]) => events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? [...e.frame.body] : []));

test('every command frame matches the reference bytes (§2, §7)', () => {
  const golden: Record<SamCommandName, string> = {
    reset: 'AA AA AA 96 69 00 03 10 FF EC',
    samStatus: 'AA AA AA 96 69 00 03 11 FF ED',
    samId: 'AA AA AA 96 69 00 03 12 FF EE',
    findCard: 'AA AA AA 96 69 00 03 20 01 22',
    selectCard: 'AA AA AA 96 69 00 03 20 02 21',
    readTextPhoto: 'AA AA AA 96 69 00 03 30 01 32',
    readTextPhotoFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
    readExtraAddress: 'AA AA AA 96 69 00 03 30 03 30',
  };
  for (const [name, bytes] of Object.entries(golden)) {
    assert.deepEqual([...encodeCommand(SamCommand[name as SamCommandName])], [...h(bytes)], name);
  }
  // Baud-rate commands 60 00 … 60 04 (softs.im table).
  const baud = ['63', '62', '61', '60', '67'];
  baud.forEach((chk, i) => assert.deepEqual([...encodeCommand({ cmd: 0x60, para: i })], [...h(`AA AA AA 96 69 00 03 60 0${i} ${chk}`)]));
});

test('real response frames from §7 decode with their status', () => {
  const cases: [string, number, number][] = [
    ['AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 0x9f, 4],
    ['AA AA AA 96 69 00 04 00 00 80 84', 0x80, 0],
    ['AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 0x90, 8],
    ['AA AA AA 96 69 00 04 00 00 81 85', 0x81, 0],
    ['AA AA AA 96 69 00 04 00 00 41 45', 0x41, 0],
    ['AA AA AA 96 69 00 04 00 00 32 36', 0x32, 0],
    ['AA AA AA 96 69 00 04 00 00 90 94', 0x90, 0],
  ];
  for (const [bytes, sw3, dataLen] of cases) {
    const ev = new FrameDecoder().push(h(bytes));
    assert.equal(ev.length, 1, bytes);
    assert.equal(ev[0]!.type, 'frame');
    if (ev[0]!.type !== 'frame') continue;
    const r = parseResponse(ev[0]!.frame.body);
    assert.ok(r.ok);
    if (!r.ok) continue;
    assert.equal(r.value.status.code, sw3);
    assert.equal(r.value.data.length, dataLen);
    // and our encoder produces the identical bytes
    assert.deepEqual([...encodeResponse(sw3, r.value.data)], [...h(bytes)]);
  }
  const found = parseResponse(h('00 00 9F 00 00 00 00'));
  assert.ok(found.ok && found.value.status.kind === 'ok' && found.value.status.name === 'cardFound');
});

test('resynchronises after stray bytes, including the logged AA 00 AA AA 96 69', () => {
  const d = new FrameDecoder();
  const ev = d.push(h('AA 00 AA AA 96 69 00 04 00 00 90 94'));
  assert.deepEqual(frames(ev), [[0, 0, 0x90]]);
  const ev2 = d.push(h('00 13 FF AA AA 69 AA AA AA 96 69 00 04 00 00 80 84 55'));
  assert.deepEqual(frames(ev2), [[0, 0, 0x80]]);
  assert.equal(d.buffered, 0);
});

test('every split of a stream gives the same frames', () => {
  const stream = new Uint8Array([0x00, 0xaa, ...encodeResponse(0x9f, new Uint8Array(4)), 0x13, ...encodeFrame(Uint8Array.of(0, 0, 0x90, 1, 2, 3))]);
  const whole = frames(new FrameDecoder().push(stream));
  assert.equal(whole.length, 2);
  for (let i = 0; i <= stream.length; i++) {
    for (let j = i; j <= stream.length; j += 3) {
      const d = new FrameDecoder();
      const got = [...frames(d.push(stream.slice(0, i))), ...frames(d.push(stream.slice(i, j))), ...frames(d.push(stream.slice(j)))];
      assert.deepEqual(got, whole, `split at ${i}/${j}`);
    }
  }
});

test('bad checksum and impossible length are reported; a frame hidden inside is recovered', () => {
  const good = encodeResponse(0x90);
  const bad = encodeResponse(0x90, Uint8Array.of(1, 2));
  bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
  const ev = new FrameDecoder().push(new Uint8Array([...bad, ...good]));
  assert.deepEqual(ev.map((e) => e.type), ['error', 'frame']);
  assert.equal(ev[0]!.type === 'error' && ev[0]!.error.kind, 'bad-checksum');
  // A length that swallows the next frame: checksum fails, the real frame inside is still found.
  const long = h('AA AA AA 96 69 00 20 00 00 90');
  const ev2 = new FrameDecoder().push(new Uint8Array([...long, ...good, ...new Uint8Array(40)]));
  assert.deepEqual(ev2.map((e) => e.type), ['error', 'frame']);
  const ev3 = new FrameDecoder().push(h('AA AA AA 96 69 FF FF 00'));
  assert.equal(ev3[0]!.type === 'error' && ev3[0]!.error.kind, 'bad-length');
});
