import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
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

describe('a full disk never takes logging down', () => {
  it('a log on a device that answers ENOSPC (/dev/full) drops lines, reports once, and never throws', { skip: existsSync('/dev/full') ? false : 'needs /dev/full' }, () => {
    const troubles: { code: string }[] = [];
    const f = new RotatingFile('/dev/full', 1024, 3, (t) => troubles.push(t));
    for (let i = 0; i < 200; i++) f.write(JSON.stringify({ i, msg: 'x'.repeat(40) }));
    f.close();
    assert.equal(troubles.length, 1, 'one report per outage, not one per line');
    assert.equal(troubles[0]!.code, 'ENOSPC');
  });

  it('a host process whose log file is full keeps running when debug() logs from a timer', { skip: existsSync('/dev/full') ? false : 'needs /dev/full' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fulllog-'));
    try {
      mkdirSync(join(dir, 'logs'));
      symlinkSync('/dev/full', join(dir, 'logs', 'kiosk.log'));
      const script = `
        import { installLogging } from './main/host/logger.ts';
        import createDebug from 'debug';
        const l = installLogging({ dataDir: ${JSON.stringify(dir)}, maxFileBytes: 4096, maxFiles: 2 });
        const log = createDebug('kiosk:test');
        let n = 0;
        const t = setInterval(() => { log('tick %d', n); l.logger.info('kiosk:test', 'tick'); if (++n === 50) { clearInterval(t); process.stdout.write('alive ' + n + '\\n'); } }, 1);
      `;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DEBUG: '' } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'alive 50');
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line about the full log:\n${r.stderr}`);
      assert.match(r.stderr, /disk is full/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('log files are 0600 in a 0700 directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmode-'));
    try {
      const f = new RotatingFile(join(dir, 'logs', 'kiosk.log'), 200, 3);
      for (let i = 0; i < 20; i++) f.write(`{"i":${i},"pad":"${'x'.repeat(30)}"}`);
      f.close();
      assert.equal(statSync(join(dir, 'logs')).mode & 0o777, 0o700);
      for (const file of f.files()) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
