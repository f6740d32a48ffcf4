import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EscPosParser, type EscPosOp } from './escpos-parser.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Ops with adjacent text runs merged (a chunk boundary may split a run) and bytes as hex. */
function normalise(ops: EscPosOp[]): unknown[] {
  const out: unknown[] = [];
  for (const op of ops) {
    const last = out.at(-1) as { op: string; text?: string } | undefined;
    if (op.op === 'text') {
      const t = Buffer.from(op.bytes).toString('latin1');
      if (last?.op === 'text') last.text += t;
      else out.push({ op: 'text', text: t });
    } else if (op.op === 'other') out.push({ op: 'other', hex: hex(op.bytes) });
    else out.push(op);
  }
  return out;
}

/** Parse a stream cut at every boundary into two chunks; every cut must give the same ops. */
function parseAtEveryBoundary(stream: Uint8Array): unknown[] {
  const whole = normalise(new EscPosParser().feed(stream));
  for (let cut = 0; cut <= stream.length; cut++) {
    const p = new EscPosParser();
    const ops = normalise([...p.feed(stream.subarray(0, cut)), ...p.feed(stream.subarray(cut))]);
    assert.deepEqual(ops, whole, `cut at ${cut}`);
  }
  return whole;
}

test('golden command lengths: ESC p is 5 bytes, ESC/FS/GS/DLE commands take their manual lengths, at every chunk boundary', () => {
  const stream = Uint8Array.from([
    0x1b, 0x70, 0x00, 0x19, 0xfa, // ESC p 0 25 250: drawer pulse, 5 bytes
    0x41, // "A"
    0x1b, 0x20, 0x02, // ESC SP 2
    0x1b, 0x24, 0x10, 0x00, // ESC $ 16 0
    0x1b, 0x5c, 0x10, 0x00, // ESC \ 16 0
    0x1b, 0x63, 0x35, 0x01, // ESC c 5 1
    0x1b, 0x2a, 0x21, 0x02, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, // ESC * 33 2 0 + 6 bytes that look like text
    0x1b, 0x44, 0x08, 0x10, 0x00, // ESC D 8 16 NUL
    0x1b, 0x28, 0x41, 0x03, 0x00, 0x61, 0x01, 0x41, // ESC ( A pL=3: beeper
    0x1b, 0x57, 0, 0, 0, 0, 0x40, 0x02, 0x40, 0x02, // ESC W: 10 bytes
    0x1b, 0x32, // ESC 2: 2 bytes
    0x1b, 0x42, 0x03, 0x02, // ESC B 3 2: beeper
    0x1b, 0x26, 0x03, 0x41, 0x41, 0x02, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, // ESC & 3 'A' 'A', x=2, 6 bytes
    0x1c, 0x70, 0x01, 0x00, // FS p 1 0
    0x1c, 0x28, 0x41, 0x02, 0x00, 0x30, 0x30, // FS ( A pL=2
    0x1d, 0x50, 0xb4, 0xb4, // GS P 180 180
    0x1d, 0x2a, 0x01, 0x01, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, // GS * 1 1 + 8 bytes
    0x1d, 0x38, 0x4c, 0x02, 0x00, 0x00, 0x00, 0x30, 0x41, // GS 8 L p=2: m fn
    0x10, 0x14, 0x01, 0x00, 0x05, // DLE DC4 1 0 5: pulse, 5 bytes
    0x10, 0x14, 0x07, 0x01, // DLE DC4 7 1: 4 bytes
    0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08, // DLE DC4 8: clear buffers
    0x10, 0x05, 0x02, // DLE ENQ 2
    0x1b, 0x01, // unknown ESC: two bytes, the next byte stays text
    0x42, 0x0a, // "B" LF
  ]);
  assert.deepEqual(parseAtEveryBoundary(stream), [
    { op: 'other', hex: '1b700019fa' },
    { op: 'text', text: 'A' },
    { op: 'other', hex: '1b2002' },
    { op: 'other', hex: '1b241000' },
    { op: 'other', hex: '1b5c1000' },
    { op: 'other', hex: '1b633501' },
    { op: 'other', hex: '1b2a210200414243444546' },
    { op: 'other', hex: '1b44081000' },
    { op: 'other', hex: '1b284103006101' + '41' },
    { op: 'other', hex: '1b5700000000400240' + '02' },
    { op: 'other', hex: '1b32' },
    { op: 'other', hex: '1b420302' },
    { op: 'other', hex: '1b26034141024142434445' + '46' },
    { op: 'other', hex: '1c700100' },
    { op: 'other', hex: '1c284102003030' },
    { op: 'other', hex: '1d50b4b4' },
    { op: 'other', hex: '1d2a01014141414141414141' },
    { op: 'other', hex: '1d384c020000003041' },
    { op: 'other', hex: '1014010005' },
    { op: 'other', hex: '10140701' },
    { op: 'clear-buffers' },
    { op: 'realtime-request', n: 2 },
    { op: 'other', hex: '1b01' },
    { op: 'text', text: 'B' },
    { op: 'lf' },
  ]);
});

test('the old blanket 3-byte ESC: ESC p no longer leaks its pulse times as text', () => {
  const ops = normalise(new EscPosParser().feed(Uint8Array.of(0x1b, 0x70, 0x30, 0x37, 0x79, 0x0a)));
  assert.deepEqual(ops, [{ op: 'other', hex: '1b70303779' }, { op: 'lf' }]);
});

test('DLE DC4 8 with wrong data bytes is not a buffer clear; a huge GS 8 L length is skipped, not buffered', () => {
  assert.deepEqual(normalise(new EscPosParser().feed(Uint8Array.of(0x10, 0x14, 0x08, 1, 3, 20, 1, 6, 2, 9))), [{ op: 'other', hex: '101408010314010602' + '09' }]);
  const ops = normalise(new EscPosParser().feed(Uint8Array.of(0x1d, 0x38, 0x4c, 0xff, 0xff, 0xff, 0x7f, 0x41, 0x0a)));
  assert.deepEqual(ops.at(-1), { op: 'lf' });
});
