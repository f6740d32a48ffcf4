import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyReader, decodeAsb, decodeRealtimeStatus, encodeAsb, encodeRealtimeReply } from './status-codec.js';

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
