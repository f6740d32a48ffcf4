import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { fromHex } from './apdu.js';
import { EF05, EF06, TAG, decodeDate, decodeGender, decodeHolder, decodeText } from './fields.js';
import { encodeSimpleTlv, parseSimpleTlv, type Tlv } from './tlv.js';

const gbk = (s: string) => Uint8Array.from(iconv.encode(s, 'gbk'));

test('TLV records parse by tag, with 81 LL lengths, padding, and refuse truncation', () => {
  assert.deepEqual(parseSimpleTlv(fromHex('07024142')), [{ tag: 7, value: fromHex('4142') }]);
  assert.deepEqual(parseSimpleTlv(fromHex('0801410902424300FFFF')), [
    { tag: 8, value: fromHex('41') },
    { tag: 9, value: fromHex('4243') },
  ]);
  const long = new Uint8Array(200).fill(0x41);
  assert.deepEqual(parseSimpleTlv(encodeSimpleTlv(0x4e, long)), [{ tag: 0x4e, value: long }]);
  assert.equal(parseSimpleTlv(fromHex('0705414243')), null);
  assert.equal(parseSimpleTlv(fromHex('07')), null);
  assert.equal(parseSimpleTlv(fromHex('0782000000')), null);
});

test('GBK names are decoded and their padding cut', () => {
  assert.equal(decodeText(Uint8Array.from([...gbk('欧阳晓明'), 0, 0, 0, 0])), '欧阳晓明');
  assert.equal(decodeText(Uint8Array.from([...gbk('王芳'), 0x20, 0x20, 0xff])), '王芳');
  assert.equal(decodeText(gbk('阿卜杜·买买提')), '阿卜杜·买买提');
});

test('dates are BCD or ASCII, and a date that is not a day is null', () => {
  assert.equal(decodeDate(fromHex('19560229')), '19560229');
  assert.equal(decodeDate(Uint8Array.from(Buffer.from('20280315'))), '20280315');
  assert.equal(decodeDate(fromHex('19570229')), null);
  assert.equal(decodeDate(fromHex('2028AA15')), null);
  assert.equal(decodeDate(fromHex('202803')), null);
});

test('gender is 1/2 as ASCII or binary', () => {
  assert.equal(decodeGender(Uint8Array.from(Buffer.from('1'))), 'male');
  assert.equal(decodeGender(fromHex('02')), 'female');
  assert.equal(decodeGender(Uint8Array.from(Buffer.from('9'))), 'unknown');
});

function map(...tlvs: Uint8Array[]): Map<number, Tlv> {
  const m = new Map<number, Tlv>();
  for (const b of tlvs) for (const t of parseSimpleTlv(b)!) m.set(t.tag, t);
  return m;
}

test('holder fields by tag; a 3.0 name continues in the extension record', () => {
  const name = gbk('阿卜杜克热木·艾合买提江·买买提明');
  const ef05 = map(
    encodeSimpleTlv(TAG.cardIdentifier, Uint8Array.from(Buffer.from('650100D156000005'))),
    encodeSimpleTlv(TAG.specVersion, Uint8Array.from(Buffer.from('3.00'))),
    encodeSimpleTlv(TAG.issueDate, fromHex('20240110')),
    encodeSimpleTlv(TAG.validUntil, fromHex('20340110')),
    encodeSimpleTlv(TAG.cardNumber, Uint8Array.from(Buffer.from('E65010203'))),
  );
  const ef06 = map(
    encodeSimpleTlv(TAG.birthDate, fromHex('19781103')),
    encodeSimpleTlv(TAG.nameExtension, Uint8Array.from([...name.subarray(30), 0, 0])),
    encodeSimpleTlv(TAG.ssn, Uint8Array.from(Buffer.from('650102197811030037'))),
    encodeSimpleTlv(TAG.name, name.subarray(0, 30)),
    encodeSimpleTlv(TAG.gender, Uint8Array.from(Buffer.from('1'))),
    encodeSimpleTlv(TAG.nation, fromHex('05')),
  );
  assert.ok(EF05 && EF06);
  assert.deepEqual(decodeHolder(ef05, ef06), {
    cardNumber: 'E65010203',
    ssn: '650102197811030037',
    name: '阿卜杜克热木·艾合买提江·买买提明',
    gender: 'male',
    nation: '维吾尔',
    birthDate: '19781103',
    issuingArea: '650100',
    issueDate: '20240110',
    validUntil: '20340110',
    specVersion: '3.00',
    psamRequired: [],
  });
});
