import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toJpeg } from '../../../drivers/sim/face-synth/encode.js';
import { cameraStill } from '../../../drivers/sim/face-synth/scenes.js';
import { identityFromSeed } from '../../../drivers/sim/face-synth/synth-face.js';
import { KioskConfig } from '../../../contracts/config.js';
import { Host, type HostEvent } from '../host.js';
import { openExport } from './export-crypto.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { maskIdNumber, maskName } from '../../../contracts/mask.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';

describe('diag.* on the host (simulated devices, development PIN)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-diag-host-'));
  let host: Host;
  let token: string;
  const events: HostEvent[] = [];
  const signal = new AbortController().signal;
  const call = <T>(method: string, params: Record<string, unknown> = {}) => host.call(method, { token, ...params }, signal) as Promise<T>;

  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir, backend: { token: 'tok-secret-1' } }));
    host.onDidEmit((e) => events.push(e));
    // No sync during the test: dead letters are made by hand below.
    await host.queue.worker.stop();
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true }); // the outbox key lives beside the data dir
  });

  it('without a hash, simulated devices take the development PIN; no token, no diagnostics', async () => {
    assert.deepEqual(await host.call('diag.status', {}, signal), { available: true, defaultPin: true, lockedUntil: null, attemptsLeft: 5 });
    await assert.rejects(host.call('diag.system', { token: 'y'.repeat(43) }, signal), { code: 'forbidden' });
    await assert.rejects(host.call('diag.enter', { pin: '123456' }, signal), { code: 'forbidden' });
    token = ((await host.call('diag.enter', { pin: '000000' }, signal)) as { token: string }).token;
    assert.equal(((await call<{ devices: unknown[] }>('diag.devices')).devices).length, 5);
  });

  it('queue: dead items retried or discarded with a reason, exported sealed with the passphrase', async () => {
    const a = host.queue.enqueue('demo.a', { data: { n: 1 } });
    const b = host.queue.enqueue('demo.b', { data: { n: 2 } });
    const claimed = host.queue.outbox.claimDue(10);
    assert.equal(claimed.length, 2);
    host.queue.outbox.settle(claimed.map((c) => ({ id: c.id, kind: 'dead' as const, error: 'HTTP 422' })));
    const q = await call<{ dead: number; deadItems: { id: string; lastError: string }[] }>('diag.queue');
    assert.equal(q.dead, 2);
    assert.deepEqual(q.deadItems.map((d) => [d.id, d.lastError]), [[a, 'HTTP 422'], [b, 'HTTP 422']]);

    const exported = await call<{ file: string; count: number }>('diag.queue.export', { passphrase: 'technician pass 1' });
    assert.equal(exported.count, 2);
    assert.ok(exported.file.startsWith(join(dir, 'exports')));
    const plain = JSON.parse((await openExport(JSON.parse(readFileSync(exported.file, 'utf8')), 'technician pass 1')).toString()) as { items: { id: string; body: string }[] };
    assert.deepEqual(plain.items.map((i) => i.id), [a, b]);
    assert.match(plain.items[0]!.body, /"n":1/);
    assert.ok(!readFileSync(exported.file, 'utf8').includes('demo.a'), 'nothing in clear on the drive');

    await assert.rejects(call('diag.queue.discard', { id: a, reason: '' }), { code: 'bad-request' });
    await call('diag.queue.discard', { id: a, reason: 'duplicate, confirmed with the back office' });
    await call('diag.queue.retry', { id: b });
    await assert.rejects(call('diag.queue.retry', { id: a }), { code: 'not-found' });
    const after = await call<{ dead: number; pending: number }>('diag.queue');
    assert.deepEqual([after.dead, after.pending], [0, 1]);
  });

  it('cameraProbe: a camera frame to the face engine, the face box back; not a JPEG refused; audited once a session', { timeout: 120_000 }, async () => {
    // A synthetic person at the camera (drivers/sim/face-synth), as the Camera tab sends a frame.
    const still = cameraStill(identityFromSeed('diag-camera-probe'), 0, { width: 320, height: 240 });
    const frame = toJpeg(still);
    await assert.rejects(host.call('diag.cameraProbe', { token: 'y'.repeat(43), jpegBase64: frame.toString('base64') }, signal), { code: 'forbidden' });
    const r = await call<{ width: number; height: number; faces: { box: number[]; score: number }[] }>('diag.cameraProbe', { jpegBase64: frame.toString('base64') });
    assert.deepEqual([r.width, r.height], [320, 240]);
    assert.equal(r.faces.length, 1);
    const [x, y, w, h] = r.faces[0]!.box as [number, number, number, number];
    assert.ok(x > 60 && x + w < 260 && y > 10 && y + h < 230 && w > 40, `face box ${r.faces[0]!.box.join(',')}`);
    await assert.rejects(call('diag.cameraProbe', { jpegBase64: Buffer.from('<svg>not a jpeg</svg>').toString('base64') }), { code: 'bad-request' });
    await assert.rejects(call('diag.cameraProbe', { jpegBase64: 'A'.repeat(400_000) }), { code: 'bad-request' });
    await call('diag.cameraProbe', { jpegBase64: frame.toString('base64') });
    const { entries } = await call<{ entries: { action: string }[] }>('diag.audit', { limit: 50 });
    assert.equal(entries.filter((e) => e.action === 'camera-probe').length, 1);
  });

  it('documentCamera: the configured camera and its processing worker started, timed; audited; no token, no answer', { timeout: 120_000 }, async () => {
    await assert.rejects(host.call('diag.documentCamera', { token: 'y'.repeat(43) }, signal), { code: 'forbidden' });
    await assert.rejects(call('diag.documentCamera', { timeoutMs: 10 }), { code: 'bad-request' });
    type Camera = { state: string; configured: boolean; width: number; height: number; worker: { started: boolean; ms: number } };
    const r = await call<Camera>('diag.documentCamera', { timeoutMs: 100_000 });
    // The default configuration: any camera, 3264×2448; OpenCV really started in the materials worker.
    assert.deepEqual([r.state, r.configured, r.width, r.height, r.worker.started], ['ready', true, 3264, 2448, true]);
    assert.ok(r.worker.ms >= 0, `ms ${r.worker.ms}`);
    const { entries } = await call<{ entries: { action: string; detail: string; ok: boolean }[] }>('diag.audit', { limit: 50 });
    assert.ok(entries.some((e) => e.action === 'health-internal' && e.ok && e.detail === 'document-camera; ok ready'), JSON.stringify(entries));
  });

  it('system: versions, disk, back-end health, config with secrets hidden; logs exported', async () => {
    const s = await call<{ versions: Record<string, string>; disk: { availableBytes: number }; backend: { ok: boolean }; config: unknown }>('diag.system');
    assert.equal(s.versions.node, process.versions.node);
    assert.ok(s.disk.availableBytes > 0);
    assert.equal(s.backend.ok, true);
    assert.ok(!JSON.stringify(s.config).includes('tok-secret-1'));
    const logs = await call<{ dir: string; files: string[] }>('diag.logs.export');
    for (const f of ['audit.jsonl', 'events.jsonl', 'system.json']) assert.ok(logs.files.includes(f), f);
    assert.deepEqual(readdirSync(logs.dir).sort(), [...logs.files].sort());
    const audit = readFileSync(join(logs.dir, 'audit.jsonl'), 'utf8');
    assert.match(audit, /"action":"queue-discard","ok":true,"detail":"[^"]+: duplicate, confirmed with the back office"/);
    assert.ok(!readFileSync(join(logs.dir, 'system.json'), 'utf8').includes('tok-secret-1'));
  });

  it('raw console: a SAM read answers with its status and length only, never the card data', async () => {
    const card = DEMO_CARDS.find((c) => c.key === 'lin')!;
    host.hub.idCardReader.sim!.placeCard('lin');
    type Raw = { reply: string; decoded: string[]; replyBytes: number };
    const send = (hex: string) => call<Raw>('diag.raw', { device: 'idcard-reader', hex, timeoutMs: 3000 });
    const status = await send('AA AA AA 96 69 00 03 11 FF ED');
    assert.equal(status.reply, 'AA AA AA 96 69 00 04 00 00 90 94', 'a status reply is shown whole');
    await send('AA AA AA 96 69 00 03 20 01 22');
    await send('AA AA AA 96 69 00 03 20 02 21');
    const read = await send('AA AA AA 96 69 00 03 30 01 32');
    assert.ok(read.replyBytes > 1200, `a whole read came back (${read.replyBytes} bytes)`);
    assert.match(read.reply, /^AA AA AA 96 69 05 08 00 00 90 … \(1295 bytes; the rest withheld: card data\)$/);
    assert.match(read.decoded.at(-1)!, /SW3 90 .*1284 data bytes/);
    const nameHex = Buffer.from(card.card.name, 'utf16le').toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
    for (const r of [read.reply, ...read.decoded]) assert.ok(!r.includes(nameHex.slice(0, 11)), 'no UCS-2 of the name');
    const audit = host.diagnosticsStore.entries(5).find((e) => e.action === 'raw-send')!;
    assert.match(audit.detail, /30 01 32; 1295 bytes back$/);
    host.hub.idCardReader.sim!.removeCard();
  });

  it('social security card console: reading commands go, answers show SW and length only, writes are refused, every send audited', async () => {
    type Raw = { reply: string; decoded: string[]; replyBytes: number };
    const send = (hex: string) => call<Raw>('diag.raw', { device: 'sscard-reader', hex, timeoutMs: 3000 });
    await assert.rejects(send('00A4040000'), (e: { code?: string }) => e.code === 'card-removed' || e.code === 'device-offline');
    await host.hub.sscardReader.sim!.insertCard('ss-wang');
    for (let i = 0; i < 40 && !host.hub.sscardReader.service.snapshot().cardPresent; i++) await new Promise((r) => setTimeout(r, 50));
    const select = await send('00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF');
    assert.match(select.reply, /^61 [0-9A-F]{2}$/);
    assert.equal(select.decoded[0], 'sent: SELECT by DF name');
    await send('00A4020002EF06');
    const name = await send('00B2020400');
    assert.equal(name.reply, '(32 data bytes withheld: card data) 90 00');
    assert.equal(name.decoded[1], 'reply: SW1 90 SW2 00 success; 32 data bytes');
    assert.equal(name.replyBytes, 34);
    const missing = await send('00B2190400');
    assert.equal(missing.decoded[1], 'reply: SW1 6A SW2 83 record not found; 0 data bytes');
    await assert.rejects(send('00 20 00 00 03 12 34 56'), { code: 'forbidden' });
    await assert.rejects(send('00 DC 02 04 03 09 01 41'), { code: 'forbidden' });
    const audit = host.diagnosticsStore.entries(10).filter((e) => e.action === 'raw-send');
    assert.match(audit[0]!.detail, /^sscard-reader: 00 DC 02 04 03 09 01 41; raw console: INS DC refused/);
    assert.equal(audit[0]!.ok, false);
    assert.equal(audit[2]!.detail, 'sscard-reader: 00 B2 19 04 00; 2 bytes back');
    assert.ok(audit.every((e) => !e.detail.includes('CD F5')), 'no name bytes in the audit');
    await host.hub.sscardReader.sim!.removeCard();
  });

  it('external test: the printer prints the print-test page, a card is read masked, a scan shows length and symbology only', async () => {
    type Test = { device: string; printed: { confirmed: boolean; jobId: string } | null; card: { maskedName: string; maskedIdNumber: string; cardType: string } | null; scan: { chars: number; bytes: number; symbology: string | null } | null };
    const sim = host.hub.receiptPrinter.sim!;
    const before = sim.printouts().length;
    const printed = await call<Test>('diag.deviceTest', { device: 'receipt-printer', timeoutMs: 20_000 });
    assert.equal(printed.printed?.confirmed, true, 'confirmed by the simulated printer over its real link');
    assert.equal(sim.printouts().length, before + 1);
    const page = sim.printouts().at(-1)!.text;
    for (const want of ['打印机测试页', 'Printer test page', '[QR] https://example.gov.cn/kiosk/print-test', '[CUT partial]']) assert.ok(page.includes(want), want);

    const card = DEMO_CARDS.find((c) => c.key === 'lin')!.card;
    host.hub.idCardReader.sim!.removeCard();
    const reading = call<Test>('diag.deviceTest', { device: 'idcard-reader', timeoutMs: 20_000 });
    setTimeout(() => host.hub.idCardReader.sim!.placeCard('lin'), 300);
    const read = await reading;
    assert.deepEqual(read.card, { cardType: card.cardType, maskedName: maskName(card.name), maskedIdNumber: maskIdNumber(card.idNumber), warnings: [] });
    assert.ok(!JSON.stringify(read).includes(card.idNumber) && !JSON.stringify(read).includes(card.name));
    host.hub.idCardReader.sim!.removeCard();

    const content = 'https://example.gov.cn/secret-case/ABC123';
    const scanning = call<Test>('diag.deviceTest', { device: 'scanner', timeoutMs: 20_000 });
    setTimeout(() => host.hub.scanner.sim!.scan(content), 300);
    const scanned = await scanning;
    assert.deepEqual([scanned.scan?.chars, scanned.scan?.bytes], [content.length, content.length]);
    assert.ok(!JSON.stringify(scanned).includes('secret-case'), 'no scan content');

    // Cancelling the wait (the technician's cancel) ends it as cancelled; bounds and the token hold.
    const ac = new AbortController();
    const waiting = host.call('diag.deviceTest', { token, device: 'scanner', timeoutMs: 20_000 }, ac.signal);
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(waiting, { code: 'cancelled' });
    await assert.rejects(call('diag.deviceTest', { device: 'scanner', timeoutMs: 1 }), { code: 'bad-request' });
    await assert.rejects(call('diag.deviceTest', { device: 'document-printer' }), { code: 'bad-request' });
    await assert.rejects(host.call('diag.deviceTest', { device: 'scanner' }, signal), { code: 'bad-request' });

    const audit = host.diagnosticsStore.entries(20).filter((e) => e.action === 'test-external');
    assert.deepEqual(audit.map((e) => e.ok).slice(0, 4), [false, true, true, true], 'newest first: cancelled, scan, card, print');
    assert.match(audit[1]!.detail, /^scanner; scan of 41 bytes/);
    assert.match(audit[2]!.detail, /^idcard-reader; card read \(resident\)/);
    assert.match(audit[3]!.detail, /^receipt-printer; test page printed, confirmed/);
    const all = JSON.stringify(audit);
    for (const secret of [card.name, card.idNumber, maskName(card.name), 'secret-case']) assert.ok(!all.includes(secret), `audit holds no ${secret}`);
  });

  it('restart is an event for the shell; exit wipes the session and ends the token', async () => {
    await call('diag.restart', { mode: 'restart' });
    assert.deepEqual(events.filter((e) => e.event === 'diag.restartRequested').map((e) => e.data), [{ mode: 'restart' }]);
    await call('diag.exit');
    assert.ok(events.some((e) => e.event === 'session.wiped'));
    await assert.rejects(call('diag.devices'), { code: 'forbidden' });
    const actions = ((await host.call('diag.enter', { pin: '000000' }, signal)) as { token: string }).token;
    const entries = (await host.call('diag.audit', { token: actions, limit: 50 }, signal)) as { entries: { action: string; ok: boolean }[] };
    const seen = entries.entries.map((e) => `${e.action}:${e.ok}`);
    for (const x of ['enter:false', 'enter:true', 'queue-export:true', 'queue-discard:true', 'queue-retry:true', 'queue-retry:false', 'logs-export:true', 'restart-app:true', 'exit:true']) assert.ok(seen.includes(x), x);
  });
});
