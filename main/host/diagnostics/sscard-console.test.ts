import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSsCardApdu, describeSsCardCommand, describeSsCardReply, swMeaning } from './sscard-console.js';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
const code = (fn: () => void) => {
  try {
    fn();
    return 'sent';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

test('the reader\'s reading commands may go; writes, PINs, EXTERNAL AUTHENTICATE and other classes are refused', () => {
  for (const ok of ['00A404000F7378312E73682EC9E7BBE1B1A3D5CF', '00A4020002EF05', '00B2010400', '00B2012C00', '00C0000015', '0084000008']) assert.equal(code(() => checkSsCardApdu(bytes(ok))), 'sent', ok);
  for (const no of ['0020000003123456', '00DC01040401020304', '00D6000002AABB', '0082000108A6C533B9CE702885', '80CA9F7F00', '00E40000020001', '0024000006112233445566']) assert.equal(code(() => checkSsCardApdu(bytes(no))), 'forbidden', no);
  // Too short, Lc longer than the data; a lone fifth byte is Le (case 2), which is well-formed.
  for (const bad of ['00B2', '00A4020003EF05', '00A4020000']) assert.equal(code(() => checkSsCardApdu(bytes(bad))), bad === '00A4020000' ? 'sent' : 'bad-request', bad);
});

test('commands are named by their spec names (golden bytes)', () => {
  assert.equal(describeSsCardCommand(bytes('00A404000F7378312E73682EC9E7BBE1B1A3D5CF')), 'sent: SELECT by DF name');
  assert.equal(describeSsCardCommand(bytes('00A4020002EF06')), 'sent: SELECT EF EF06');
  assert.equal(describeSsCardCommand(bytes('00B2080400')), 'sent: READ RECORD record 8 of the current EF, Le 00');
  assert.equal(describeSsCardCommand(bytes('00B2013400')), 'sent: READ RECORD record 1 of SFI 06, Le 00');
  assert.equal(describeSsCardCommand(bytes('0084000008')), 'sent: GET CHALLENGE, Le 08');
});

test('an answer shows SW1 SW2, their meaning and the data length, never the data (golden bytes)', () => {
  // EF06 record 2 of a demo card: tag 09, the name 王芳 in GBK, padded.
  const record = bytes('091ECDF5B7BC00000000000000000000000000000000000000000000000000009000');
  const shown = describeSsCardReply(record);
  assert.equal(shown.reply, '(32 data bytes withheld: card data) 90 00');
  assert.equal(shown.decoded, 'reply: SW1 90 SW2 00 success; 32 data bytes');
  assert.ok(!JSON.stringify(shown).includes('CD F5') && !JSON.stringify(shown).includes('CDF5'), 'no name bytes');
  assert.deepEqual(describeSsCardReply(bytes('6A82')), { reply: '6A 82', decoded: 'reply: SW1 6A SW2 82 file or application not found; 0 data bytes' });
  assert.equal(describeSsCardReply(bytes('6982')).decoded, 'reply: SW1 69 SW2 82 security status not satisfied (needs external authentication with a PSAM); 0 data bytes');
  assert.equal(describeSsCardReply(bytes('6115')).decoded, 'reply: SW1 61 SW2 15 21 bytes wait: fetch them with GET RESPONSE (00 C0 00 00 15); 0 data bytes');
  assert.deepEqual(describeSsCardReply(new Uint8Array(0)), { reply: '', decoded: 'no answer' });
  assert.equal(describeSsCardReply(bytes('90')).decoded, 'answer shorter than SW1 SW2');
  assert.equal(swMeaning(0x6c14), 'wrong Le: send the command again with Le 14');
  assert.equal(swMeaning(0x63c2), 'verification failed, 2 tries left');
  assert.equal(swMeaning(0x6a83), 'record not found');
  assert.equal(swMeaning(0x1234), 'unknown status');
});
