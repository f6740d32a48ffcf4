import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeResponse, encodeCommand, fromHex, hex } from './apdu.js';
import { PPSE_NAME, SSSE_DF_NAME, getResponse, readRecord, selectByName, selectEf, selectMf } from './commands.js';

test('golden command APDUs', () => {
  assert.equal(hex(selectByName(SSSE_DF_NAME)), '00A404000F7378312E73682EC9E7BBE1B1A3D5CF');
  assert.equal(hex(selectByName(PPSE_NAME)), '00A404000E325041592E5359532E4444463031');
  assert.equal(hex(selectEf(0xef05)), '00A4020002EF05');
  assert.equal(hex(selectMf()), '00A40000023F00');
  assert.equal(hex(readRecord(7)), '00B2070400');
  assert.equal(hex(readRecord(7, 11)), '00B207040B');
  assert.equal(hex(getResponse(0x15)), '00C0000015');
  assert.equal(hex(getResponse(0)), '00C0000000');
});

test('the four APDU cases encode their Lc and Le', () => {
  assert.equal(hex(encodeCommand({ cla: 0, ins: 0x84, p1: 0, p2: 0 })), '00840000');
  assert.equal(hex(encodeCommand({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 })), '0084000008');
  assert.equal(hex(encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0, data: fromHex('3F00') })), '00A40200023F00');
  assert.equal(hex(encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('A0'), le: 256 })), '00A4040001A000');
});

test('out-of-range fields are refused, not truncated', () => {
  assert.throws(() => encodeCommand({ cla: 0x100, ins: 0, p1: 0, p2: 0 }), RangeError);
  assert.throws(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 }), RangeError);
  assert.throws(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 257 }), RangeError);
  assert.throws(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) }), RangeError);
});

test('responses split into data and status word; a lone byte is malformed', () => {
  assert.deepEqual(decodeResponse(fromHex('9000')), { data: new Uint8Array(0), sw: 0x9000 });
  const r = decodeResponse(fromHex('07094130313233343536379000'));
  assert.equal(hex(r.data), '0709413031323334353637');
  assert.equal(r.sw, 0x9000);
  assert.throws(() => decodeResponse(fromHex('90')), RangeError);
});
