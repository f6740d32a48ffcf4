import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CARDS } from '../../sim/demo-cards.js';
import { decodeCardText, encodeCardText, cardTypeOf } from './card-text.js';
import { NATIONS, nationName } from './nations.js';

test('every demo card type round-trips through the text block', () => {
  const types = new Set<string>();
  for (const demo of DEMO_CARDS) {
    const text = encodeCardText(demo.card);
    assert.equal(text.length, 256);
    const decoded = decodeCardText(text);
    assert.ok(decoded, demo.key);
    assert.deepEqual(decoded.card, { ...demo.card, warnings: [] }, demo.key);
    types.add(decoded.card.cardType);
  }
  assert.deepEqual([...types].sort(), ['foreign-permanent-2017', 'foreign-permanent-2023', 'hmt-residence', 'resident']);
});

test('markers sit at bytes 248–249', () => {
  const [resident, , , hmt, f17, f23] = DEMO_CARDS.map((d) => encodeCardText(d.card));
  assert.deepEqual([...resident!.subarray(248, 250)], [0x20, 0]);
  assert.deepEqual([...hmt!.subarray(248, 250)], [0x4a, 0]);
  assert.deepEqual([...f17!.subarray(248, 250)], [0x49, 0]);
  assert.deepEqual([...f23!.subarray(248, 250)], [0x59, 0]);
  const unknown = new Uint8Array(resident!);
  unknown[248] = 0x51;
  assert.equal(cardTypeOf(unknown), null);
  assert.equal(decodeCardText(unknown), null);
});

test('resident layout offsets (hand-built block)', () => {
  const block = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) block[i] = 0x20;
  const put = (off: number, s: string) => [...s].forEach((c, i) => { block[off + 2 * i] = c.charCodeAt(0) & 0xff; block[off + 2 * i + 1] = c.charCodeAt(0) >> 8; });
  put(0, '张三'); put(30, '2'); put(32, '05'); put(36, '19900131'); put(52, '某地'); put(122, '11010519491231002X');
  put(158, '某公安局'); put(188, '20200131'); put(204, '长期');
  const d = decodeCardText(block)!;
  assert.equal(d.card.name, '张三');
  assert.equal(d.card.gender, 'female');
  assert.equal(d.card.nation, '维吾尔');
  assert.equal(d.card.birthDate, '1990-01-31');
  assert.equal(d.card.validTo, 'long-term');
  assert.equal(d.card.idNumber, '11010519491231002X');
  assert.deepEqual(d.card.warnings, []);
});

test('a wrong check digit, gender or nation is a warning, not a crash', () => {
  const card = { ...DEMO_CARDS[0]!.card, idNumber: '320508195602290014', genderCode: '3', nationCode: '77' };
  const d = decodeCardText(encodeCardText(card))!;
  assert.deepEqual(d.card.warnings.sort(), ['gender-code', 'id-check-digit', 'nation-code']);
  assert.equal(d.card.gender, 'unknown');
  assert.equal(d.card.nation, null);
});

test('the nation table has 56 nations plus 97 and 98', () => {
  assert.equal(Object.keys(NATIONS).length, 58);
  assert.equal(nationName('56'), '基诺');
  assert.equal(nationName('98'), '外国血统中国籍人士');
  assert.equal(nationName('57'), null);
});

test('2023 foreign card: a long English name spans both fields', () => {
  const base = DEMO_CARDS.find((d) => d.card.cardType === 'foreign-permanent-2023')!.card;
  const englishName = 'MUELLER-LUEDENSCHEIDT ANNA KATHARINA MARIA SOPHIE'.slice(0, 46);
  const d = decodeCardText(encodeCardText({ ...base, englishName, extras: { renewalCount: '01' } }))!;
  assert.equal(d.card.englishName, englishName);
  assert.equal(d.extras.renewalCount, '01');
});
