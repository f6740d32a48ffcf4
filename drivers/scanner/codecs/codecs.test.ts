import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { HidPosAssembler, buildHidPosReport, parseHidPosReport, splitIntoReports, stripAim } from './hid-pos.js';
import { LineFramer } from './line-framer.js';
import { decodePayload } from './payload-decode.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

test('HID-POS golden report layout: ID 2, length, data, symbology at 62, continuation at 63', () => {
  const r = buildHidPosReport(ascii('AB'), true, { symbologyId: 0x73 });
  assert.equal(r.length, 64);
  assert.deepEqual([...r.subarray(0, 4)], [0x02, 0x02, 0x41, 0x42]);
  assert.equal(r[62], 0x73);
  assert.equal(r[63], 0x01);
  assert.deepEqual(parseHidPosReport(r.subarray(1))?.data, ascii('AB'), 'report ID stripped by the HID stack');
  assert.equal(parseHidPosReport(Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0))), null);
});

test('HID-POS assembly of a 300-byte QR payload over six reports, AIM prefix stripped', () => {
  const base = 'https://zwfw.example.gov.cn/v?c=';
  const url = base + 'x'.repeat(300 - 3 - base.length);
  const payload = ascii(`]Q1${url}`);
  assert.equal(url.length + 3, 300);
  const reports = splitIntoReports(payload);
  assert.equal(reports.length, 6);
  const a = new HidPosAssembler();
  const results = reports.map((r) => a.feed(r));
  assert.deepEqual(results.slice(0, 5), [null, null, null, null, null]);
  const scan = results[5]!;
  assert.equal(Buffer.from(scan.bytes).toString('latin1'), url);
  assert.equal(scan.aim, ']Q1');
  assert.equal(scan.symbology, 'qr');
});

test('AIM detection leaves ordinary payloads alone', () => {
  assert.equal(stripAim(ascii('hello')).aim, null);
  assert.equal(stripAim(ascii(']C0123')).symbology, 'code128');
});

test('line framer: CR, LF, CRLF at every chunk boundary; flush for suffix-less scanners', () => {
  for (const stream of ['A1\rB2\r', 'A1\nB2\n', 'A1\r\nB2\r\n']) {
    const bytes = ascii(stream);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const f = new LineFramer();
      const frames = [...f.feed(bytes.subarray(0, cut)), ...f.feed(bytes.subarray(cut))].map((x) => Buffer.from(x).toString());
      assert.deepEqual(frames, ['A1', 'B2'], `${JSON.stringify(stream)} cut at ${cut}`);
    }
  }
  const f = new LineFramer();
  assert.deepEqual(f.feed(ascii('NOSUFFIX')), []);
  assert.equal(Buffer.from(f.flush()!).toString(), 'NOSUFFIX');
  assert.equal(f.flush(), null);
});

test('payload decoding: UTF-8 first, GB18030 fallback', () => {
  assert.deepEqual(decodePayload(new TextEncoder().encode('苏服码 ABC')), { text: '苏服码 ABC', encoding: 'utf-8' });
  assert.deepEqual(decodePayload(new Uint8Array(iconv.encode('营业执照 91350100M000100Y43', 'gb18030'))), { text: '营业执照 91350100M000100Y43', encoding: 'gb18030' });
  assert.equal(decodePayload(ascii('plain')).encoding, 'utf-8');
});
