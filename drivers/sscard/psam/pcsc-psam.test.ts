import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../codec/apdu.js';
import type { SmartCardStack } from '../transport/stack.js';
import { PcscPsam } from './pcsc-psam.js';

/** A PSAM slot that records the APDUs and answers DES CRYPT with a fixed cryptogram. */
function fakeSlot(answer: (cmd: string) => string) {
  const sent: string[] = [];
  let closed = 0;
  const stack = {
    transport: 'pcsc',
    readers: () => [],
    waitForChange: async () => {},
    cancel: () => {},
    close: () => void closed++,
    connect: async (reader: string) => ({
      reader,
      atr: new Uint8Array(0),
      protocol: 'T=1',
      transmit: async (c: Uint8Array) => {
        sent.push(hex(c));
        return Buffer.from(answer(hex(c)), 'hex');
      },
      close: () => {},
    }),
  } as SmartCardStack;
  return { stack, sent, closed: () => closed };
}

const request = { challenge: Buffer.from('B2AFB272FCAD22B8', 'hex'), keyId: 1, diversifier: Buffer.from('320508D156000005') };

test('PC/SC PSAM: SELECT its application, DES INIT with the diversifier, DES CRYPT of the challenge (golden APDUs)', async () => {
  const slot = fakeSlot((c) => (c.startsWith('80FA') ? '01020304050607089000' : '9000'));
  const psam = new PcscPsam(() => slot.stack, { reader: 'ACS ACR39U SAM 01', aid: 'D15600000503', keyUsage: 0x27, keyIndex: 0x01 });
  assert.equal(hex(await psam.externalAuthenticate(request, 1000)), '0102030405060708');
  assert.deepEqual(slot.sent, ['00A4040006D15600000503', '801A27011033323035303844313536303030303035', '80FA000008B2AFB272FCAD22B8']);
  assert.equal(slot.closed(), 1, 'the PC/SC context is released after each computation');
});

test('PC/SC PSAM: a refused DES INIT is an error naming the status, and the context is released', async () => {
  const slot = fakeSlot((c) => (c.startsWith('801A') ? '6A88' : '9000'));
  const psam = new PcscPsam(() => slot.stack, { reader: 'SAM', keyUsage: 0x27, keyIndex: 0x01 });
  await assert.rejects(psam.externalAuthenticate(request, 1000), /PSAM DES INIT: status 6A88/);
  assert.equal(slot.closed(), 1);
});
