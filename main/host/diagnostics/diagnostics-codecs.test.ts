import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KioskConfig } from '../../../contracts/config.js';
import { effectiveCalibration, saveCalibration } from './calibration-store.js';
import { openExport, sealExport } from './export-crypto.js';
import { describeEscPos, describeSam, parseHex, toHex } from './raw-console.js';
import { redactedConfig } from './system-info.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('hex input: spaces, colons, 0x prefixes; odd or non-hex input refused', () => {
  assert.deepEqual([...parseHex('10 04 01')], [0x10, 0x04, 0x01]);
  assert.deepEqual([...parseHex('0x1D:0x72-0x01')], [0x1d, 0x72, 0x01]);
  assert.throws(() => parseHex('100'), /pairs of hex digits/);
  assert.throws(() => parseHex('zz'), /pairs of hex digits/);
  assert.equal(toHex(Uint8Array.of(0xaa, 0x05)), 'AA 05');
});

test('SAM frames decoded by the reader codec: command name, SW1-3 and status, never the data', () => {
  const sent = parseHex('AA AA AA 96 69 00 03 11 FF ED');
  assert.deepEqual(describeSam(sent, parseHex('AA AA AA 96 69 00 04 00 00 90 94')), ['sent: command 11 FF samStatus', 'reply: SW1 00 SW2 00 SW3 90 ok: success; 0 data bytes']);
  assert.deepEqual(describeSam(parseHex('AA AA AA 96 69 00 03 20 01 22'), parseHex('AA AA AA 96 69 00 04 00 00 80 84')).at(-1), 'reply: SW1 00 SW2 00 SW3 80 noCard: no card found; 0 data bytes');
  assert.match(describeSam(sent, parseHex('AA AA AA 96 69 00 04 00 00 90 00')).at(-1)!, /bad-checksum/);
  assert.deepEqual(describeSam(sent, new Uint8Array(0)).at(-1), 'no reply within the timeout');
});

test('ESC/POS replies decoded by the status codec, matched to the DLE EOT queries in order', () => {
  // Paper out: DLE EOT 1 → 1A (offline), DLE EOT 4 → 7E (near end + end).
  assert.deepEqual(describeEscPos(parseHex('10 04 01 10 04 04'), parseHex('1A 7E')), ['DLE EOT 1 → 1A: offline', 'DLE EOT 4 → 7E: paper near end, paper end']);
  assert.deepEqual(describeEscPos(parseHex('10 04 02'), parseHex('12')), ['DLE EOT 2 → 12: clear']);
  assert.deepEqual(describeEscPos(parseHex('1D 72 01'), parseHex('0F')), ['GS r 1 → 0F: paper end']);
  assert.deepEqual(describeEscPos(parseHex('1B 40'), new Uint8Array(0)), ['no reply within the timeout']);
});

test('sealed export: opens with the passphrase, not with another; tampering detected', async () => {
  const sealed = await sealExport(Buffer.from('{"items":[1]}'), 'correct horse battery');
  assert.equal(sealed.format, 'openkiosk-export-v1');
  assert.equal((await openExport(sealed, 'correct horse battery')).toString(), '{"items":[1]}');
  await assert.rejects(openExport(sealed, 'wrong passphrase!'), /wrong passphrase/);
  const data = Buffer.from(sealed.data, 'base64');
  data[0]! ^= 1;
  await assert.rejects(openExport({ ...sealed, data: data.toString('base64') }, 'correct horse battery'), /wrong passphrase or the file was changed/);
  await assert.rejects(sealExport(Buffer.from('x'), 'short'), /at least 8/);
});

test('calibration: config first, then the saved file overrides it per tray, in 0.1 mm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-cal-'));
  dirs.push(dir);
  const config = KioskConfig.parse({ dataDir: dir, documents: { calibration: { A3: { xMm: 1, yMm: -0.5 } } } });
  assert.deepEqual(effectiveCalibration(config), { A3: { xMm: 1, yMm: -0.5 }, A4: { xMm: 0, yMm: 0 }, saved: false });
  const saved = saveCalibration(config, 'A4', { xMm: 0.1 + 0.2, yMm: -1.26 });
  assert.deepEqual(saved, { A3: { xMm: 1, yMm: -0.5 }, A4: { xMm: 0.3, yMm: -1.3 }, saved: true });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'calibration.json'), 'utf8')), { A3: { xMm: 1, yMm: -0.5 }, A4: { xMm: 0.3, yMm: -1.3 } });
  assert.deepEqual(effectiveCalibration(config), saved);
});

test('the config in effect hides the token and the PIN hash', () => {
  const config = KioskConfig.parse({ backend: { token: 's3cret' }, diagnostics: { pinHash: 'scrypt$1024$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==' } });
  const text = JSON.stringify(redactedConfig(config));
  assert.ok(!text.includes('s3cret') && !text.includes('scrypt$'), text);
  assert.equal(config.backend.token, 's3cret', 'the original is untouched');
});
