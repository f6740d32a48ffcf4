import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cmd from './commands.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('single commands match the manual bytes', () => {
  assert.equal(hex(cmd.initialise()), '1b40'); // ESC @
  assert.equal(hex(cmd.chineseModeOn()), '1c26'); // FS &
  assert.equal(hex(cmd.chineseModeOff()), '1c2e'); // FS .
  assert.equal(hex(cmd.bold(true)), '1b4501'); // ESC E 1
  assert.equal(hex(cmd.characterSize(2, 2)), '1d2111'); // GS ! 0x11
  assert.equal(hex(cmd.justify('center')), '1b6101'); // ESC a 1
  assert.equal(hex(cmd.feedLines(3)), '1b6403'); // ESC d 3
  assert.equal(hex(cmd.cut('full', 0)), '1d564100'); // GS V A 0
  assert.equal(hex(cmd.cut('partial', 24)), '1d564218'); // GS V B 24
  assert.equal(hex(cmd.realtimeStatus(4)), '100404'); // DLE EOT 4
  assert.equal(hex(cmd.transmitPaperStatus()), '1d7201'); // GS r 1
  assert.equal(hex(cmd.automaticStatusBack(0x0e)), '1d610e'); // GS a 14
  assert.equal(hex(cmd.customPresent(40, true, 'retract', 30)), '1c502801521e'); // FS P
  assert.equal(hex(cmd.citizenAutoRetract(30)), '1d52011e'); // GS R 1 n
  assert.equal(hex(cmd.clearBuffers()), '10140801031401060208'); // DLE DC4 fn=8 d1…d7
  assert.equal(hex(cmd.recoverClearingBuffers()), '100502'); // DLE ENQ 2
});

test('GS ( k QR: model 2, module size, EC M, store with pL pH = len + 3, print', () => {
  const bytes = cmd.qrCode(new TextEncoder().encode('ABC'), 6, 'M');
  assert.equal(
    hex(bytes),
    [
      '1d286b0400314132' + '00', // fn 165 model 2
      '1d286b03003143' + '06', // fn 167 size 6
      '1d286b03003145' + '31', // fn 169 EC M (49)
      '1d286b0600315030' + '414243', // fn 180 store: pL = 3 + 3
      '1d286b0300315130', // fn 181 print
    ].join(''),
  );
});

test('QR store length crosses 255 into pH', () => {
  const data = new Uint8Array(300).fill(0x41);
  const b = cmd.qrCode(data, 4);
  const store = b.indexOf(0x50) - 6; // position of the store command's GS
  assert.deepEqual([...b.subarray(store, store + 8)], [0x1d, 0x28, 0x6b, 303 & 0xff, 303 >> 8, 0x31, 0x50, 0x30]);
});

test('GS k CODE128 with {B and GS v 0 raster header', () => {
  assert.equal(hex(cmd.barcode('AB1', 'code128', 80, 2)), '1d6850' + '1d7702' + '1d4802' + '1d6b4905' + '7b42414231');
  assert.equal(hex(cmd.rasterImage(Uint8Array.of(0xff, 0x00), 1, 2)), '1d7630000100' + '0200' + 'ff00');
  assert.throws(() => cmd.barcode('12', 'ean13'), RangeError);
  assert.throws(() => cmd.qrCode(new Uint8Array(0), 3), RangeError);
});
