import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import createDebug from 'debug';
import { DEMO_CARDS } from '../../drivers/sim/demo-cards.js';
import { redactText, redactValue } from './log-redaction.js';
import { installLogging } from './logger.js';
import { RotatingFile } from './rotating-file.js';

describe('log redaction', () => {
  it('masks ID numbers (18, 15 and foreign formats) and phone numbers in free text', () => {
    assert.equal(redactText('card 320508195602290013 read'), 'card 3205**********0013 read');
    assert.equal(redactText('x 11010519491231002X.'), 'x 1101**********002X.');
    assert.equal(redactText('old 110105491231002'), 'old 1101*******1002');
    assert.equal(redactText('foreign ABC110012345678'), 'foreign ABC1*******5678');
    assert.equal(redactText('call 13812345678'), 'call 138****5678');
    assert.ok(!redactText('or +86 13812345678').includes('13812345678'));
    assert.ok(!redactText('tel 0512-12345678').includes('12345678'));
    // Not personal: UUIDs, timestamps, port numbers.
    const uuid = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    assert.equal(redactText(`id ${uuid} at 1719212345678 port 8780`), `id ${uuid} at 1719212345678 port 8780`);
  });

  it('masks personal fields by name, recursively, and survives cycles', () => {
    const card = DEMO_CARDS[0]!.card;
    const v = redactValue({ step: 'read', card, nested: { applicantName: '欧阳晓明', name: '李四', ok: 1 } }) as Record<string, unknown>;
    const text = JSON.stringify(v);
    assert.ok(!text.includes(card.name) && !text.includes(card.idNumber) && !text.includes(card.address ?? '-'));
    assert.deepEqual(v.nested, { applicantName: '欧**明', name: '李*', ok: 1 });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.deepEqual(redactValue(cyclic), { a: 1, self: '[…]' });
  });
});

describe('rotating JSON-lines log', () => {
  it('rotates by size and keeps at most N files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotlog-'));
    try {
      const f = new RotatingFile(join(dir, 'k.log'), 200, 3);
      for (let i = 0; i < 40; i++) f.write(`line ${i} ${'x'.repeat(30)}`);
      const files = f.files();
      f.close();
      assert.deepEqual(files, [join(dir, 'k.log'), join(dir, 'k.log.1'), join(dir, 'k.log.2')]);
      for (const p of files) assert.ok(readFileSync(p).length <= 200, `${p} over the limit`);
      assert.match(readFileSync(files[0]!, 'utf8'), /line 39 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('routes debug output into the file as redacted JSON records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotlog-'));
    const installed = installLogging({ dataDir: dir, maxFileBytes: 1 << 20, maxFiles: 2, mirrorToStderr: false, namespaces: 'test:logger*' });
    try {
      const log = createDebug('test:logger');
      const card = DEMO_CARDS[1]!.card;
      log('read card %s for %o', card.idNumber, { name: card.name, idNumber: card.idNumber });
      installed.logger.info('kiosk:test', `free text ${card.idNumber}`, { applicantName: card.name, count: 2 });
      const lines = readFileSync(join(dir, 'logs', 'kiosk.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 2);
      assert.equal(lines[0]!.ns, 'test:logger');
      assert.equal(lines[0]!.level, 'debug');
      assert.equal(lines[1]!.count, 2);
      const all = JSON.stringify(lines);
      assert.ok(!all.includes(card.name), 'name in the log');
      assert.ok(!all.includes(card.idNumber), 'ID number in the log');
      assert.match(String(lines[0]!.msg), /5328\*{10}0028/);
    } finally {
      installed.uninstall();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
