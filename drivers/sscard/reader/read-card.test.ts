import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../codec/apdu.js';
import { FORBIDDEN_INS } from '../codec/commands.js';
import { DEMO_SSCARDS, findDemoSsCard } from '../sim/demo-sscards.js';
import { VirtualCard } from '../sim/virtual-card.js';
import { SimulatedPsam, simCryptogram } from '../psam/sim-psam.js';
import { readSocialSecurityCard } from './read-card.js';

function connect(key: string) {
  const card = new VirtualCard(findDemoSsCard(key)!);
  return { card, transmit: async (cmd: Uint8Array) => card.process(cmd) };
}

for (const demo of DEMO_SSCARDS.filter((c) => c.kind === 'sscard' && !c.ef06NeedsPsam)) {
  test(`${demo.key}: every holder field read by tag (${demo.layout} layout${demo.strictLe ? ', strict T=0 Le' : ''}${demo.sfiOnly ? ', SFI only' : ''})`, async () => {
    const { card, transmit } = connect(demo.key);
    const r = await readSocialSecurityCard(transmit, 1000);
    const h = demo.holder!;
    assert.equal(r.cardType, 'sscard');
    assert.deepEqual(r.holder, {
      cardNumber: h.cardNumber,
      ssn: h.ssn,
      name: h.name,
      gender: h.gender,
      nation: { '01': '汉', '05': '维吾尔', '18': '傣' }[h.nationCode],
      birthDate: h.birthDate,
      issuingArea: h.issuingArea,
      issueDate: h.issueDate,
      validUntil: h.validUntil,
      specVersion: demo.layout === '3.0' ? '3.00' : '2.00',
      psamRequired: [],
    });
    for (const apdu of card.log) assert.ok(!FORBIDDEN_INS.has(apdu[1]!), `sent ${hex(apdu)}`);
  });
}

test('golden APDU sequence of a strict T=0 2.0 card: SELECT, EF05 records 1–7, EF06 from record 8, 6Cxx answered', async () => {
  const { card, transmit } = connect('ss-ouyang');
  await readSocialSecurityCard(transmit, 1000);
  const sent = card.log.map(hex);
  assert.deepEqual(sent.slice(0, 4), ['00A404000F7378312E73682EC9E7BBE1B1A3D5CF', '00A4020002EF05', '00B2010400', '00B2010412']);
  assert.ok(sent.includes('00A4020002EF06'));
  const ef06 = sent.slice(sent.indexOf('00A4020002EF06') + 1);
  assert.deepEqual(ef06.filter((_, i) => i % 2 === 0).slice(0, 6), ['00B2080400', '00B2090400', '00B20A0400', '00B20B0400', '00B20C0400', '00B20D0400']);
  assert.equal(ef06[1], '00B2080414', '6C14 → the same READ RECORD with Le=20');
});

test('an SFI-only card is read with the SFI in READ RECORD (P2 = 2C, 34)', async () => {
  const { card, transmit } = connect('ss-abdu');
  await readSocialSecurityCard(transmit, 1000);
  const sent = card.log.map(hex);
  assert.ok(sent.includes('00B2012C00'));
  assert.ok(sent.includes('00B2013400'));
});

test('a card that withholds EF06 without a PSAM: the fields are listed as psam-required', async () => {
  const { transmit } = connect('ss-psam');
  const r = await readSocialSecurityCard(transmit, 1000);
  assert.equal(r.cardType, 'sscard');
  assert.equal(r.holder!.ssn, null);
  assert.equal(r.holder!.cardNumber, 'E12345679');
  assert.deepEqual(r.holder!.psamRequired, ['ssn', 'name', 'gender', 'nation', 'birthDate']);
});

test('with a PSAM: GET CHALLENGE, the PSAM cryptogram, EXTERNAL AUTHENTICATE, then EF06 again (golden APDUs)', async () => {
  const { card, transmit } = connect('ss-psam');
  const r = await readSocialSecurityCard(transmit, 1000, new SimulatedPsam());
  assert.equal(r.holder!.ssn, '320508199001010029');
  assert.equal(r.holder!.name, '王芳');
  assert.deepEqual(r.holder!.psamRequired, []);
  const sent = card.log.map(hex);
  const at = sent.indexOf('0084000008');
  assert.deepEqual(sent.slice(at - 2, at + 4), ['00A4020002EF06', '00B2010400', '0084000008', '0082000108A6C533B9CE702885', '00A4020002EF06', '00B2010400']);
  // The simulated cryptogram: HMAC-SHA256(key, key id ‖ card identifier ‖ challenge), first 8 bytes.
  const cryptogram = simCryptogram(Buffer.from('kiosk demo PSAM key (simulation only)'), {
    keyId: 1,
    diversifier: Buffer.from('320508D156000005'),
    challenge: Buffer.from('B2AFB272FCAD22B8', 'hex'),
  });
  assert.equal(hex(cryptogram), 'A6C533B9CE702885');
  for (const apdu of card.log) assert.ok(!FORBIDDEN_INS.has(apdu[1]!), `sent ${hex(apdu)}`);
});

test('a PSAM with the wrong key: EXTERNAL AUTHENTICATE refused (63C2) is a psam-required error, not a gap', async () => {
  const { transmit } = connect('ss-psam');
  await assert.rejects(readSocialSecurityCard(transmit, 1000, new SimulatedPsam(Buffer.from('another issuer'))), (e: { code?: string; message?: string }) => e.code === 'psam-required' && /63C2/.test(e.message ?? ''));
});

test('a card that needs no PSAM is read without GET CHALLENGE even when one is configured', async () => {
  const { card, transmit } = connect('ss-wang');
  await readSocialSecurityCard(transmit, 1000, new SimulatedPsam());
  assert.ok(card.log.every((a) => a[1] !== 0x84 && a[1] !== 0x82));
});

for (const [key, type] of [['bank', 'bank'], ['blank', 'blank'], ['other', 'unknown']] as const) {
  test(`the ${key} card is recognised as ${type} and nothing is read from it`, async () => {
    const { card, transmit } = connect(key);
    const r = await readSocialSecurityCard(transmit, 1000);
    assert.deepEqual(r, { cardType: type, holder: null });
    assert.ok(card.log.every((a) => a[1] === 0xa4), 'only SELECTs');
  });
}

test('a hostile card: garbage records are a protocol error, not a crash', async () => {
  const { card } = connect('ss-wang');
  const transmit = async (cmd: Uint8Array) => (cmd[1] === 0xb2 ? Uint8Array.of(0x09, 0x7f, 0x41, 0x90, 0x00) : card.process(cmd));
  await assert.rejects(readSocialSecurityCard(transmit, 1000), (e: { code?: string }) => e.code === 'protocol-error');
});

test('a card that errs mid-read (6F00) is a protocol error naming the record', async () => {
  const { card } = connect('ss-wang');
  const transmit = async (cmd: Uint8Array) => (hex(cmd) === '00B2030400' ? Uint8Array.of(0x6f, 0x00) : card.process(cmd));
  await assert.rejects(readSocialSecurityCard(transmit, 1000), /READ RECORD 3 of EF05: status 6F00/);
});
