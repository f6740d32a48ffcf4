// kiosk-test: long
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SsCardRead } from '../../../contracts/sscard.js';
import { DEMO_SSCARDS, findDemoSsCard } from '../../../drivers/sscard/sim/demo-sscards.js';
import { ensurePcscd, type PcscdEnv } from '../../../drivers/sscard/sim/pcscd-env.js';
import { VpcdCard } from '../../../drivers/sscard/sim/vpcd-card.js';
import { VPCD_DEFAULT_PORT } from '../../../drivers/sscard/sim/vpcd-frames.js';
import { FORBIDDEN_INS } from '../../../drivers/sscard/codec/commands.js';
import { runDiag } from '../test-support/run-diag.js';

// kiosk-diag sscard through the real PC/SC stack: pcscd with vsmartcard's vpcd reader driver and
// the TypeScript virtual card in its first slot, as a technician would run it on a kiosk.

const diag = runDiag;

const READER = 'Virtual PCD 00 00';
const env: PcscdEnv = await ensurePcscd();
const notRun = env.ok ? false : `not run: ${env.reason}`;

describe('kiosk-diag sscard through pcscd + vpcd', { skip: notRun }, () => {
  const slot = new VpcdCard({ port: VPCD_DEFAULT_PORT });
  const waitFor = async (present: boolean) => {
    // pcscd polls the vpcd slot; wait until it has seen the card come or go.
    const { PcscContext } = await import('../../../drivers/sscard/transport/pcsc.js');
    const ctx = PcscContext.open();
    try {
      for (let i = 0; i < 100; i++) {
        if (ctx.readers().find((r) => r.name === READER)?.present === present) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`pcscd never saw the card ${present ? 'arrive' : 'leave'}`);
    } finally {
      ctx.close();
    }
  };
  const insert = async (key: string, options?: { pullAfterApdus?: number }) => {
    // The previous test's card leaves first, and pcscd must have seen it go: otherwise the reader
    // still reads "present" from the old card and the read races pcscd noticing the swap.
    await slot.remove();
    await waitFor(false);
    const card = await slot.insert(findDemoSsCard(key)!, options);
    await waitFor(true);
    return card;
  };
  before(async () => {
    await slot.remove();
  });
  after(async () => {
    await slot.remove();
    if (env.ok) await env.stop();
  });

  for (const demo of DEMO_SSCARDS.filter((c) => c.kind === 'sscard' && !c.ef06NeedsPsam)) {
    test(`--reveal --json reads ${demo.key} exactly`, async () => {
      const card = await insert(demo.key);
      const r = await diag(['sscard', '--reveal', '--json']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, 'exactly one JSON object');
      const read = SsCardRead.parse(JSON.parse(lines[0]!));
      const h = demo.holder!;
      assert.equal(read.reader, READER);
      assert.equal(read.atr, Buffer.from(demo.atr).toString('hex').toUpperCase());
      assert.equal(read.cardType, 'sscard');
      assert.deepEqual(
        [read.cardNumber, read.ssn, read.name, read.gender, read.birthDate, read.issuingArea, read.issueDate, read.validUntil],
        [h.cardNumber, h.ssn, h.name, h.gender, h.birthDate, h.issuingArea, h.issueDate, h.validUntil],
      );
      assert.equal(read.specVersion, demo.layout === '3.0' ? '3.00' : '2.00');
      for (const apdu of card.log) assert.ok(!FORBIDDEN_INS.has(apdu[1]!), 'never a PIN or a write');
    });
  }

  test('without --reveal the ssn, card number and name are masked', async () => {
    await insert('ss-ouyang');
    const r = await diag(['sscard', '--json', '--reader', READER]);
    assert.equal(r.code, 0, r.stderr);
    const read = SsCardRead.parse(JSON.parse(r.stdout));
    assert.equal(read.name, '欧**明');
    assert.equal(read.ssn, '3205**********0013');
    assert.equal(read.cardNumber, 'A0*****67');
    assert.ok(!r.stdout.includes('320508195602290013') && !r.stdout.includes('A01234567') && !r.stdout.includes('欧阳晓明'));
  });

  for (const [key, type] of [['bank', 'bank'], ['blank', 'blank'], ['other', 'unknown']] as const) {
    test(`a ${key} card is a read: exit 0, cardType ${type}, no holder fields`, async () => {
      await insert(key);
      const r = await diag(['sscard', '--reveal', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const read = SsCardRead.parse(JSON.parse(r.stdout));
      assert.equal(read.cardType, type);
      assert.equal(read.ssn, null);
      assert.equal(read.name, null);
    });
  }

  test('no card: exit 4', async () => {
    await slot.remove();
    await waitFor(false);
    const r = await diag(['sscard', '--json']);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.ok(JSON.parse(r.stdout).error.message);
  });

  test('a reader that does not exist: exit 4', async () => {
    const r = await diag(['sscard', '--json', '--reader', 'No Such Reader 9']);
    assert.equal(r.code, 4);
    assert.match(JSON.parse(r.stdout).error.message, /no reader "No Such Reader 9"/);
  });

  test('the card pulled out mid-read: exit 4', async () => {
    await insert('ss-wang', { pullAfterApdus: 5 });
    const r = await diag(['sscard', '--json', '--reader', READER, '--apdu-timeout', '2000']);
    assert.equal(r.code, 4, r.stdout + r.stderr);
  });

  test('a usage error: exit 2', async () => {
    const r = await diag(['sscard', '--json', '--bogus']);
    assert.equal(r.code, 2);
  });
});
