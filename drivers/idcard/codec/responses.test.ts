import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answersCommand, encodeResponse, encodeReadTextPhotoFingerprintData, parseExtraAddress, parseReadTextPhotoFingerprint, parseResponse, parseSamId } from './responses.js';
import { samStatus } from './status.js';

test('SAM id (12 FF): 27-byte frame, structure of §2.3', () => {
  const data = new Uint8Array(16);
  const v = new DataView(data.buffer);
  data[0] = 5; data[2] = 1;
  v.setUint32(4, 20160301, true); v.setUint32(8, 12345, true); v.setUint32(12, 67890, true);
  assert.equal(encodeResponse(0x90, data).length, 27);
  const r = parseSamId(data);
  assert.ok(r.ok);
  assert.equal(r.value.text, '05.01-20160301-000012345-000067890');
  assert.equal(parseSamId(new Uint8Array(3)).ok, false);
});

test('extra address (30 03): 81-byte frame, 70 bytes UCS-2LE space padded', () => {
  const data = new Uint8Array(70);
  for (let i = 0; i < 70; i += 2) data[i] = 0x20;
  Buffer.from('新地址1号', 'utf16le').copy(data);
  const frame = encodeResponse(0x90, data);
  assert.deepEqual([...frame.subarray(5, 7)], [0x00, 0x4a]);
  assert.equal(frame.length, 81);
  const r = parseExtraAddress(data);
  assert.ok(r.ok && r.value === '新地址1号');
  const blank = parseExtraAddress(new Uint8Array(70).fill(0x20).map((x, i) => (i % 2 ? 0 : x)));
  assert.ok(blank.ok && blank.value === null);
});

test('read with fingerprint (30 10): 2321 / 1809 / 1297-byte frames', () => {
  const text = new Uint8Array(256);
  const photo = new Uint8Array(1024);
  for (const [fp, total] of [[1024, 2321], [512, 1809], [0, 1297]] as const) {
    const data = encodeReadTextPhotoFingerprintData(text, photo, new Uint8Array(fp));
    const frame = encodeResponse(0x90, data);
    assert.equal(frame.length, total);
    const r = parseReadTextPhotoFingerprint(data);
    assert.ok(r.ok);
    assert.equal(r.value.fingerprint?.length ?? 0, fp);
  }
  const full = encodeResponse(0x90, encodeReadTextPhotoFingerprintData(text, photo, new Uint8Array(1024)));
  assert.deepEqual([...full.subarray(0, 16)], [0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x09, 0x0a, 0, 0, 0x90, 1, 0, 4, 0, 4, 0]);
});

test('every status code is typed; unknown ones are kept', () => {
  const kinds: Record<number, string> = {
    0x90: 'ok', 0x91: 'no-content', 0x9f: 'ok', 0x10: 'host', 0x11: 'host', 0x21: 'host', 0x23: 'host', 0x24: 'unknown',
    0x31: 'card', 0x32: 'card', 0x33: 'card', 0x40: 'card', 0x41: 'card', 0x47: 'card', 0x60: 'sam', 0x66: 'sam',
    0x80: 'no-card', 0x81: 'no-card',
  };
  for (const [code, kind] of Object.entries(kinds)) {
    const s = samStatus(Number(code));
    assert.equal(s.kind, kind, code);
    assert.notEqual(s.name, 'unlisted');
  }
  assert.equal(samStatus(0x55).name, 'unlisted');
});

test('answersCommand: a late answer of another card command is told apart by its shape', () => {
  const body = (hexBytes: string) => {
    const r = parseResponse(Uint8Array.from(Buffer.from(hexBytes.replace(/ /g, ''), 'hex')));
    assert.ok(r.ok);
    return r.value;
  };
  const found = body('00 00 9F 00 00 00 00'); // 20 01 → 9F and four zero bytes
  const noCard = body('00 00 80');
  const selected = body('00 00 90 00 00 00 00 00 00 00 00'); // 20 02 → 90 and the 8-byte serial
  const read = body('00 00 90 01 00 04 00' + ' 00'.repeat(256 + 1024)); // 30 01 → 90, lengths, blocks
  const readFailed = body('00 00 41');
  // find card (20 01)
  assert.equal(answersCommand(0x20, 0x01, found), true);
  assert.equal(answersCommand(0x20, 0x01, noCard), true);
  assert.equal(answersCommand(0x20, 0x01, selected), false);
  assert.equal(answersCommand(0x20, 0x01, read), false);
  // select card (20 02)
  assert.equal(answersCommand(0x20, 0x02, selected), true);
  assert.equal(answersCommand(0x20, 0x02, found), false);
  assert.equal(answersCommand(0x20, 0x02, read), false);
  // read text and photo (30 01)
  assert.equal(answersCommand(0x30, 0x01, read), true);
  assert.equal(answersCommand(0x30, 0x01, readFailed), true);
  assert.equal(answersCommand(0x30, 0x01, selected), false);
  assert.equal(answersCommand(0x30, 0x01, found), false);
  // other commands (SAM id 12 FF) take any answer
  assert.equal(answersCommand(0x12, 0xff, selected), true);
});
