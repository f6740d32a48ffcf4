import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_IS_DESCRIPTOR, KEYBOARD_PLUS_ACCESS_IS_DESCRIPTOR, NEWLAND_DESCRIPTOR } from '../sim/hid-pos-devices.js';
import { ACCESS_IS_LAYOUT, NEWLAND_LAYOUT, resolveHidPosLayout } from './hid-pos-layouts.js';
import { MAX_DESCRIPTOR_BYTES, parseHidPosDescriptor } from './hid-report-descriptor.js';

test('golden descriptor bytes of the simulated scanners (item by item in sim/hid-pos-devices.ts)', () => {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  assert.equal(
    hex(NEWLAND_DESCRIPTOR),
    '058c0902a10185020912a102150026ff00750895010600ff09018102' + '058c09fe9538820201950481030600ff090295018102058c09ff8102' + 'c08504058c0914750895019102c0',
  );
  assert.equal(
    hex(ACCESS_IS_DESCRIPTOR),
    '058c0902a10185020912a102150026ff00750895010600ff09018102' +
      '058c09fb09fc09fd9503810209fe95388202010600ff0902950181028103058c09ff25017501810275078103' +
      'c08504058c0914750895019102c0',
  );
});

test('Newland descriptor → data 2–57, length byte 1, symbology 62, continued byte 63', () => {
  const r = parseHidPosDescriptor(NEWLAND_DESCRIPTOR);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.layout, NEWLAND_LAYOUT);
});

test('Access-IS descriptor → AIM 2–4, data 5–60, symbology 61, continued bit 0 of 63', () => {
  const r = parseHidPosDescriptor(ACCESS_IS_DESCRIPTOR);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.layout, ACCESS_IS_LAYOUT);
});

test('a keyboard collection before the scanner does not shift the scanned-data report', () => {
  const r = parseHidPosDescriptor(KEYBOARD_PLUS_ACCESS_IS_DESCRIPTOR);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.layout, ACCESS_IS_LAYOUT);
});

test('a descriptor without report IDs counts data from byte 0; extended (4-byte) usages carry their page', () => {
  const desc = Uint8Array.from([
    0x06, 0x00, 0xff, // Usage Page (vendor): the 4-byte usages below must not take it
    0xa1, 0x01,
    0x75, 0x08, 0x95, 0x03,
    0x0b, 0xfb, 0x00, 0x8c, 0x00, 0x0b, 0xfc, 0x00, 0x8c, 0x00, 0x0b, 0xfd, 0x00, 0x8c, 0x00, // Usage (0x8C:0xFB..FD)
    0x81, 0x02,
    0x95, 0x10, 0x0b, 0xfe, 0x00, 0x8c, 0x00, 0x81, 0x02, // 16 × Decoded Data
    0xc0,
  ]);
  const r = parseHidPosDescriptor(desc);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.layout, { reportId: 0, reportLength: 19, lengthByte: null, aimBytes: [0, 1, 2], dataOffset: 3, dataLength: 16, vendorSymbologyByte: null, continued: null });
});

test('hostile descriptors: a reason as data, never a throw', () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /empty/],
    [new Uint8Array(MAX_DESCRIPTOR_BYTES + 1), /exceeds/],
    [Uint8Array.of(0x05, 0x8c, 0x26, 0xff), /truncated/],
    [Uint8Array.of(0xfe), /truncated long item/],
    [Uint8Array.of(0xb4), /Pop without Push/],
    [Uint8Array.of(0x85, 0x00), /report ID 0/],
    [Uint8Array.of(0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x75, 0x08, 0x95, 0x08, 0x81, 0x02, 0xc0), /no input report with Decoded Data/],
    // 255 × 32-bit fields, repeated: a report far beyond any scanner's.
    [Uint8Array.from([0x05, 0x8c, 0x09, 0xfe, 0x75, 0x20, 0x95, 0xff, ...Array(10).fill([0x81, 0x02]).flat()]), /larger than/],
    // Decoded Data as 4-bit fields cannot be read as bytes.
    [Uint8Array.of(0x05, 0x8c, 0x09, 0xfe, 0x75, 0x04, 0x95, 0x02, 0x81, 0x02), /not whole bytes/],
  ];
  for (const [d, re] of cases) {
    const r = parseHidPosDescriptor(d);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, re);
  }
});

test('layout resolution: descriptor first, then the model profile by vendor ID, then the Newland default', () => {
  assert.deepEqual(resolveHidPosLayout({ descriptor: ACCESS_IS_DESCRIPTOR, vendorId: 0x1eab, productId: 1 }).source, 'descriptor');
  const profile = resolveHidPosLayout({ descriptor: Uint8Array.of(0xb4), vendorId: 0x0db5, productId: 0x013a });
  assert.equal(profile.source, 'profile');
  assert.deepEqual(profile.layout, ACCESS_IS_LAYOUT);
  assert.match(profile.detail, /Pop without Push.*Access-IS/);
  assert.deepEqual(resolveHidPosLayout({ descriptor: null, vendorId: 0x1eab, productId: 0x0001 }).layout, NEWLAND_LAYOUT);
  const unknown = resolveHidPosLayout({ descriptor: null, vendorId: 0x1234, productId: 1 });
  assert.equal(unknown.source, 'default');
  assert.match(unknown.detail, /Newland layout assumed/);
});
