import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_IS_DESCRIPTOR, NEWLAND_DESCRIPTOR } from '../sim/hid-pos-devices.js';
import { HidPosAssembler, MAX_SCAN_BYTES, buildHidPosReport, parseHidPosReport, splitIntoReports } from './hid-pos.js';
import { ACCESS_IS_LAYOUT, NEWLAND_LAYOUT } from './hid-pos-layouts.js';
import { parseHidPosDescriptor, type HidPosLayout } from './hid-report-descriptor.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const fromDescriptor = (d: Uint8Array): HidPosLayout => {
  const r = parseHidPosDescriptor(d);
  if (!r.ok) throw new Error(r.reason);
  return r.layout;
};

/** A 64-byte Access-IS report as the scanner sends it: ID, length, `]Q1`, data, symbology, reserved, continued. */
function accessIsReport(data: string, more: boolean): Uint8Array {
  const r = new Uint8Array(64);
  r.set([0x02, data.length, 0x5d, 0x51, 0x31]);
  r.set(ascii(data), 5);
  r[61] = 0x51;
  r[63] = more ? 0x01 : 0x00;
  return r;
}

test('golden Access-IS report: AIM at 2–4 is not data, and the last three data bytes are kept', () => {
  const data = `ABC${'x'.repeat(50)}XYZ`; // 56 bytes: fills 5–60
  const report = accessIsReport(data, false);
  assert.deepEqual([...report.subarray(0, 8)], [0x02, 0x38, 0x5d, 0x51, 0x31, 0x41, 0x42, 0x43]);
  assert.deepEqual([...report.subarray(58, 64)], [0x58, 0x59, 0x5a, 0x51, 0x00, 0x00]);
  const layout = fromDescriptor(ACCESS_IS_DESCRIPTOR);
  const r = parseHidPosReport(report, layout)!;
  assert.equal(Buffer.from(r.data).toString('latin1'), data);
  assert.equal(r.aim, ']Q1');
  assert.equal(r.symbologyId, 0x51);
  assert.equal(r.more, false);
  // What Newland's fixed offsets make of the same report: `]Q1` in the data, `XYZ` lost.
  const wrong = parseHidPosReport(report, NEWLAND_LAYOUT)!;
  assert.equal(Buffer.from(wrong.data).toString('latin1'), `]Q1${data.slice(0, -3)}`);
  assert.deepEqual(buildHidPosReport(ascii(data), false, { aim: ']Q1', symbologyId: 0x51 }, ACCESS_IS_LAYOUT), report);
});

test('golden Newland report: data at 2, symbology 62, continued byte 63; report ID stripped by the stack', () => {
  const r = buildHidPosReport(ascii('AB'), true, { symbologyId: 0x73 }, fromDescriptor(NEWLAND_DESCRIPTOR));
  assert.deepEqual([...r.subarray(0, 4)], [0x02, 0x02, 0x41, 0x42]);
  assert.deepEqual([r[62], r[63]], [0x73, 0x01]);
  const p = parseHidPosReport(r.subarray(1), NEWLAND_LAYOUT)!;
  assert.deepEqual([Buffer.from(p.data).toString(), p.aim, p.more], ['AB', null, true]);
});

for (const [name, layout] of [
  ['Newland', NEWLAND_LAYOUT],
  ['Access-IS', ACCESS_IS_LAYOUT],
] as const) {
  test(`${name}: a 300-byte UTF-8 QR payload over continued reports assembles whole, AIM kept out of the data`, () => {
    const payload = new TextEncoder().encode(`https://zwfw.example.gov.cn/v?c=${'统一'.repeat(20)}${'A'.repeat(148)}`);
    assert.equal(payload.length, 300);
    // Newland scanners configured to send the AIM prefix put it in the data; Access-IS in its own fields.
    const sent = name === 'Newland' ? Uint8Array.from([...ascii(']Q1'), ...payload]) : payload;
    const reports = splitIntoReports(sent, { aim: ']Q1' }, layout);
    assert.equal(reports.length, Math.ceil(sent.length / 56));
    const a = new HidPosAssembler(layout);
    const results = reports.map((r) => a.feed(r));
    assert.ok(results.slice(0, -1).every((x) => x === null), 'nothing before the last report');
    const scan = results.at(-1)!;
    assert.deepEqual(scan.bytes, payload);
    assert.equal(scan.aim, ']Q1');
    assert.equal(scan.symbology, 'qr');
  });
}

test('assembler: other report IDs and short reports are ignored; an endless continued chain is dropped, bounded', () => {
  const a = new HidPosAssembler(ACCESS_IS_LAYOUT);
  assert.equal(a.feed(Uint8Array.of(0x01, 0, 0, 0, 0, 0, 0, 0)), null);
  assert.equal(a.feed(new Uint8Array(10)), null);
  const more = accessIsReport('y'.repeat(56), true);
  for (let k = 0; k <= MAX_SCAN_BYTES / 56 + 1; k++) assert.equal(a.feed(more), null);
  assert.equal(a.dropped, 1);
  assert.equal(a.feed(accessIsReport('END', false)), null, 'the end of the dropped chain is not a scan');
  assert.equal(Buffer.from(a.feed(accessIsReport('OK', false))!.bytes).toString(), 'OK', 'the next scan starts clean');
});

test('a length byte larger than the data area is clamped', () => {
  const r = accessIsReport('Z', false);
  r[1] = 0xff;
  assert.equal(parseHidPosReport(r, ACCESS_IS_LAYOUT)!.data.length, 56);
});
