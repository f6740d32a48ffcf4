import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listProfiles, loadProfile } from '../profiles.js';
import {
  ReplyReader,
  decodeAsb,
  decodePaperSensor,
  decodeRealtimeStatus,
  encodeAsb,
  encodePaperSensorReply,
  encodeRealtimeReply,
  sensorPair,
  type PaperSensorBits,
} from './status-codec.js';

test('DLE EOT replies decode per the manual bits', () => {
  // Idle printer: every reply is 0x12 (bits 1 and 4 fixed).
  assert.deepEqual(decodeRealtimeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: 0x12 }), {
    online: true, paperEnd: false, paperNearEnd: false, coverOpen: false, cutterError: false, error: false,
  });
  // Paper end: n=1 offline (0x1a), n=2 stopped by paper end (0x32), n=4 0x7e.
  const pe = decodeRealtimeStatus({ printer: 0x1a, offlineCause: 0x32, errorCause: 0x12, paper: 0x7e });
  assert.equal(pe.paperEnd, true);
  assert.equal(pe.online, false);
  // Near end only: n=4 0x1e.
  assert.equal(decodeRealtimeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: 0x1e }).paperNearEnd, true);
  // Cover open: n=2 bit 2 (0x16).
  assert.equal(decodeRealtimeStatus({ printer: 0x1a, offlineCause: 0x16, errorCause: 0x12, paper: 0x12 }).coverOpen, true);
  // Autocutter error: n=3 bit 3 (0x1a).
  const cut = decodeRealtimeStatus({ printer: 0x1a, offlineCause: 0x52, errorCause: 0x1a, paper: 0x12 });
  assert.equal(cut.cutterError, true);
  assert.equal(cut.error, true);
});

test('printer-side encoding is the inverse of decoding', () => {
  for (const c of [
    { paperEnd: true, paperNearEnd: true, coverOpen: false },
    { paperEnd: false, paperNearEnd: true, coverOpen: false },
    { paperEnd: false, paperNearEnd: false, coverOpen: true },
  ]) {
    const st = decodeRealtimeStatus({ printer: encodeRealtimeReply(1, c), offlineCause: encodeRealtimeReply(2, c), errorCause: encodeRealtimeReply(3, c), paper: encodeRealtimeReply(4, c) });
    assert.equal(st.paperEnd, c.paperEnd);
    assert.equal(st.paperNearEnd, c.paperNearEnd);
    assert.equal(st.coverOpen, c.coverOpen);
    const asb = decodeAsb(encodeAsb(c));
    assert.equal(asb.paperEnd, c.paperEnd);
    assert.equal(asb.coverOpen, c.coverOpen);
  }
});

test('reply reader tells DLE EOT, ASB and GS r apart at every chunk boundary', () => {
  const stream = Uint8Array.of(0x12, 0x30, 0x00, 0x0f, 0x00, 0x16, 0x03);
  for (let cutAt = 0; cutAt <= stream.length; cutAt++) {
    const r = new ReplyReader();
    const out = [...r.feed(stream.subarray(0, cutAt)), ...r.feed(stream.subarray(cutAt))];
    assert.deepEqual(out, [
      { kind: 'realtime', byte: 0x12 },
      { kind: 'asb', bytes: [0x30, 0x00, 0x0f, 0x00] },
      { kind: 'realtime', byte: 0x16 },
      { kind: 'paper-sensor', byte: 0x03 },
    ]);
  }
});

test('sensor pairs: both / either / first', () => {
  const table: [number, boolean, boolean, boolean][] = [
    // byte, both, either, first  (pair = bits 2 and 3)
    [0x00, false, false, false],
    [0x04, false, true, true],
    [0x08, false, true, false],
    [0x0c, true, true, true],
  ];
  for (const [b, both, either, first] of table) {
    assert.deepEqual([sensorPair(b, 0x04, 0x08, 'both'), sensorPair(b, 0x04, 0x08, 'either'), sensorPair(b, 0x04, 0x08, 'first')], [both, either, first], `0x${b.toString(16)}`);
  }
});

test('near end reads the same in DLE EOT 4, GS a and GS r for every profile and every bit a printer may set', () => {
  for (const name of listProfiles()) {
    const st = loadProfile(name).status;
    const bits: PaperSensorBits = { nearEnd: st.nearEndSensors, paperEnd: st.paperEndSensors };
    for (const nearEndBits of ['both', 'first', 'second'] as const) {
      const c = { paperEnd: false, paperNearEnd: true, coverOpen: false, nearEndBits };
      const dle = decodeRealtimeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: encodeRealtimeReply(4, c) }, bits).paperNearEnd;
      const asb = decodeAsb(encodeAsb(c), bits).paperNearEnd;
      const gsr = decodePaperSensor(encodePaperSensorReply(c), bits).paperNearEnd;
      assert.deepEqual([asb, gsr], [dle, dle], `${name}, printer sets ${nearEndBits}`);
      if (nearEndBits === 'both') assert.equal(dle, true, `${name}: both bits are near end`);
    }
  }
  // Golden: DLE EOT 4 = 0x16 (bit 2 only). Epson reads no near end, Citizen PPU-231II reads near end.
  const paperByte = (bits: PaperSensorBits): boolean => decodeRealtimeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: 0x16 }, bits).paperNearEnd;
  assert.equal(paperByte({ nearEnd: 'both', paperEnd: 'both' }), false);
  assert.equal(paperByte({ nearEnd: 'either', paperEnd: 'first' }), true);
  // GS r 1 = 0x01 (bit 0 only): the same answers.
  assert.equal(decodePaperSensor(0x01, { nearEnd: 'both', paperEnd: 'both' }).paperNearEnd, false);
  assert.equal(decodePaperSensor(0x01, { nearEnd: 'either', paperEnd: 'first' }).paperNearEnd, true);
});

test("Citizen's presenter bit (DLE EOT 4 bit 6) is not paper end; Epson's pair needs both bits", () => {
  const citizen: PaperSensorBits = { nearEnd: 'either', paperEnd: 'first' };
  const epson: PaperSensorBits = { nearEnd: 'both', paperEnd: 'both' };
  const dle4 = (paper: number, bits: PaperSensorBits): boolean => decodeRealtimeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper }, bits).paperEnd;
  assert.equal(dle4(0x52, citizen), false, 'bit 6 alone: paper in the presenter');
  assert.equal(dle4(0x32, citizen), true, 'bit 5: roll paper end');
  assert.equal(dle4(0x72, epson), true);
  assert.equal(dle4(0x32, epson), false);
});

test('reply reader: the DLE DC4 8 clear response 37 25 00 among other replies, at every chunk boundary', () => {
  const stream = Uint8Array.of(0x16, 0x37, 0x25, 0x00, 0x12, 0x03, 0x37, 0x26, 0x00);
  for (let cutAt = 0; cutAt <= stream.length; cutAt++) {
    const r = new ReplyReader();
    const out = [...r.feed(stream.subarray(0, cutAt)), ...r.feed(stream.subarray(cutAt))];
    assert.deepEqual(out, [
      { kind: 'realtime', byte: 0x16 },
      { kind: 'clear-response' },
      { kind: 'realtime', byte: 0x12 },
      { kind: 'paper-sensor', byte: 0x03 },
      { kind: 'unknown', byte: 0x37 },
      { kind: 'paper-sensor', byte: 0x26 },
      { kind: 'paper-sensor', byte: 0x00 },
    ]);
  }
});
