// kiosk-test: long
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { KioskConfig, type KioskConfigInput } from '../../../contracts/config.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';
import { DiagnosticsStore } from '../diagnostics/audit-store.js';
import { Host } from '../host.js';
import { startFleet, type FleetClient } from './index.js';
import { withRemoteLayer } from '../config/remote-config.js';
import { readOutOfService } from './fleet-status.js';
import { ThingsBoardStandIn } from './test-support/thingsboard-stand-in.js';
import type { FirmwareInstaller } from './firmware-update.js';
import { makeEnvelope, trailerOf } from './update-signature.js';

/**
 * The fleet module against a real MQTT broker (aedes, in process) playing ThingsBoard, with a real
 * host on simulated devices: docs/protocol.md §5 as the platform sees it.
 */
const signal = new AbortController().signal;
const CONTRACT_KEYS = [
  'device.idCardReader',
  'device.scanner',
  'device.receiptPrinter',
  'device.documentPrinter',
  'receiptPrinter.paper',
  'queue.pending',
  'queue.dead',
  'queue.oldestPendingAgeMs',
  'sessions.count',
  'uptimeSec',
  'disk.freeBytes',
  'screen',
];

interface Rig {
  dir: string;
  host: Host;
  fleet: FleetClient;
  restarts: number;
}
const rigs: Rig[] = [];
const standIns: ThingsBoardStandIn[] = [];

async function standIn(opts: ConstructorParameters<typeof ThingsBoardStandIn>[0]): Promise<ThingsBoardStandIn> {
  const tb = new ThingsBoardStandIn(opts);
  await tb.start();
  standIns.push(tb);
  return tb;
}

async function rig(fleet: NonNullable<KioskConfigInput['fleet']>, extra: Partial<KioskConfigInput> = {}, installer?: FirmwareInstaller, dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'))): Promise<Rig> {
  const { config } = withRemoteLayer(KioskConfig.parse({ kioskId: 'hall-01-k03', dataDir: dir, fleet, ...extra }));
  const host = await Host.create(config);
  const r: Rig = { dir, host, fleet: null as unknown as FleetClient, restarts: 0 };
  r.fleet = startFleet(host, { appVersion: '9.9.9', restart: () => r.restarts++, installer, tuning: { backoff: { baseMs: 100, capMs: 1000 }, paceMs: 20 } })!;
  rigs.push(r);
  return r;
}

async function stopRig(r: Rig): Promise<void> {
  await r.fleet.stop();
  await r.host.dispose();
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await stopRig(r);
  for (const t of standIns.splice(0)) await t.stop();
});
after(() => {
  for (const d of dirsToRemove) {
    rmSync(d, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(d), { force: true });
  }
});
const dirsToRemove: string[] = [];
const track = (r: Rig) => (dirsToRemove.push(r.dir), r);

describe('fleet: the kiosk as a ThingsBoard device', () => {
  it('connects with the access token, publishes client attributes and every contract telemetry key', async () => {
    const tb = await standIn({ tokens: { 'tok-k03': 'hall-01-k03' } });
    const r = track(await rig({ url: tb.url, accessToken: 'tok-k03', telemetrySec: 60 }));
    const first = await tb.waitFor(() => tb.telemetry('hall-01-k03').find((t) => 'device.idCardReader' in t.values), 10_000, 'first telemetry');
    for (const k of CONTRACT_KEYS) assert.ok(k in first.values, `telemetry has ${k}`);
    assert.match(String(first.values['device.receiptPrinter']), /^(offline|ready|busy|error)$/);
    assert.match(String(first.values['receiptPrinter.paper']), /^(ok|near-end|out)$/);
    assert.equal(typeof first.ts, 'number');
    const attrs = await tb.waitFor(() => (tb.clientAttributes('hall-01-k03').configHash ? tb.clientAttributes('hall-01-k03') : null), 5000, 'client attributes');
    assert.equal(attrs.appVersion, '9.9.9');
    assert.equal(attrs.kioskId, 'hall-01-k03');
    // The contract's remote-config request, exactly.
    const req = tb.messages.find((m) => /^v1\/devices\/me\/attributes\/request\/\d+$/.test(m.topic));
    assert.deepEqual(JSON.parse(req!.payload.toString()), { sharedKeys: 'kioskConfig' });
    assert.ok(r.fleet.status.connected);
    // Urgent: paper out goes at once as an event.
    r.host.hub.receiptPrinter.sim!.setState({ paperEnd: true });
    await r.host.hub.receiptPrinter.service.readPrinterStatus({ timeoutMs: 3000 }).catch(() => null);
    const ev = await tb.waitFor(() => tb.telemetry('hall-01-k03').find((t) => (t.values.event as { kind?: string } | undefined)?.kind === 'paper-out'), 5000, 'paper-out event');
    assert.deepEqual(Object.keys(ev.values.event as object).sort(), ['at', 'device', 'kind']);
    assert.equal((ev.values.event as { device: string }).device, 'receiptPrinter');
  });

  it('provisions itself: token kept 0600 in the data dir, then connects with it; a refusal is retried and alerted', async () => {
    const tb = await standIn({ provision: { key: 'pk', secret: 'ps' } });
    const r = track(await rig({ url: tb.url, provision: { key: 'pk', secret: 'ps' } }));
    await tb.waitFor(() => tb.connected('hall-01-k03'), 10_000, 'provisioned connection');
    assert.deepEqual(tb.provisionRequests[0], { deviceName: 'hall-01-k03', provisionDeviceKey: 'pk', provisionDeviceSecret: 'ps' });
    const tokenFile = join(r.dir, 'fleet', 'token');
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(tokenFile, 'utf8').trim(), [...tb.tokens.keys()][0]);
    assert.equal(r.fleet.status.tokenSource, 'provisioned');

    // The platform forgets the device (deleted): the refused token is dropped and the kiosk registers again.
    const first = [...tb.tokens.keys()][0]!;
    tb.tokens.delete(first);
    await tb.stop();
    await tb.start();
    await tb.waitFor(() => tb.provisionRequests.length === 2 && tb.connected('hall-01-k03'), 15_000, 'provisioned again');
    const second = readFileSync(tokenFile, 'utf8').trim();
    assert.notEqual(second, first);
    assert.ok(tb.tokens.has(second));

    const bad = track(await rig({ url: tb.url, provision: { key: 'pk', secret: 'wrong' } }, { kioskId: 'hall-01-k04' }));
    const alerts: unknown[] = [];
    bad.host.onDidEmit((e) => e.event === 'kiosk.alert' && alerts.push(e.data));
    await tb.waitFor(() => tb.provisionRequests.length >= 3 && bad.fleet.status.state === 'provision-failed', 10_000, 'retried provisioning');
    assert.match(String(bad.fleet.status.lastError), /Provision data was not found/);
    assert.ok(alerts.length >= 1);
    assert.ok(!existsSync(join(bad.dir, 'fleet', 'token')));
  });

  it('remote config: applied when no citizen is mid-service, kept across restarts; an invalid one changes nothing', async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' }, shared: { 'hall-01-k03': { kioskConfig: { locale: 'en' } } } });
    const r = track(await rig({ url: tb.url, accessToken: 't' }));
    const state = () => tb.clientAttributes('hall-01-k03').kioskConfigState as { state: string; hash?: string; error?: string } | undefined;
    // Requested on connect and applied.
    await tb.waitFor(() => state()?.state === 'applied', 10_000, 'config from the attribute request');
    assert.equal(r.host.config.locale, 'en');

    // Mid-service: waits until the citizen is done.
    await r.host.call('kiosk.screen', { screen: 'service' }, signal);
    tb.pushShared('hall-01-k03', { kioskConfig: { hall: { name: '城东分厅' }, ui: { idleTimeoutSec: 90 } } });
    await tb.waitFor(() => state()?.state === 'pending', 5000, 'pending');
    assert.equal(r.host.config.hall.name, '24小时自助服务厅');
    await r.host.call('kiosk.screen', { screen: 'home' }, signal);
    await tb.waitFor(() => state()?.state === 'applied', 5000, 'applied after the service');
    assert.equal(r.host.config.hall.name, '城东分厅');
    assert.equal(r.host.info().ui.idleTimeoutSec, 90);
    // A push replaces the layer: locale falls back to the file's.
    assert.equal(r.host.config.locale, 'zh-CN');

    tb.pushShared('hall-01-k03', { kioskConfig: { ui: { idleTimeoutSec: 1 } } });
    await tb.waitFor(() => state()?.state === 'rejected', 5000, 'rejected');
    assert.match(String(state()!.error), /ui\.idleTimeoutSec/);
    tb.pushShared('hall-01-k03', { kioskConfig: { devices: { scanner: { transport: 'sim' } } } });
    await tb.waitFor(() => /devices cannot be set remotely/.test(String(state()?.error)), 5000, 'refused key');
    tb.pushShared('hall-01-k03', { kioskConfig: 'not json {' });
    await tb.waitFor(() => /expected an object/.test(String(state()?.error)), 5000, 'malformed');
    assert.equal(r.host.config.hall.name, '城东分厅');
    assert.equal(r.host.config.ui.idleTimeoutSec, 90);
    const audit = new DiagnosticsStore(r.dir).entries(50).filter((e) => e.action === 'fleet.config');
    assert.ok(audit.some((e) => e.ok) && audit.some((e) => !e.ok));

    // Kept across a restart: the file stays the base, the stored layer lies over it.
    const again = withRemoteLayer(KioskConfig.parse({ kioskId: 'hall-01-k03', dataDir: r.dir, fleet: { url: tb.url, accessToken: 't' } })).config;
    assert.equal(again.hall.name, '城东分厅');
    assert.equal(again.hall.nameEn, '24-hour Self-service Hall');
  });

  it('hostile remote configs are rejected and reported (too deep, prototype keys, out of bounds); a stored one out of bounds is not reported applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
    mkdirSync(join(dir, 'fleet'), { recursive: true });
    // As an older version without the floor would have stored it.
    writeFileSync(join(dir, 'fleet', 'remote-config.json'), JSON.stringify({ config: { heartbeat: { intervalMin: 0.00002 } }, hash: 'old', appliedAt: '2026-01-01T00:00:00Z' }));
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    const r = track(await rig({ url: tb.url, accessToken: 't' }, {}, undefined, dir));
    assert.equal(r.host.config.heartbeat.intervalMin, 5);
    assert.equal(r.fleet.status.remoteConfig?.state, 'rejected');
    assert.match(String(r.fleet.status.remoteConfig?.error), /heartbeat\.intervalMin/);
    await tb.waitFor(() => r.fleet.status.connected, 10_000, 'connection');
    // The connect's attribute requests answered first: an answer arriving after a push would carry that push again.
    await tb.waitFor(() => tb.messages.filter((m) => m.topic.startsWith('v1/devices/me/attributes/request/')).length >= 2, 5000, 'attribute requests');
    await new Promise((res) => setTimeout(res, 300));
    const state = () => tb.clientAttributes('hall-01-k03').kioskConfigState as { state: string; error?: string } | undefined;
    const push = async (raw: string, expect: RegExp) => {
      tb.pushShared('hall-01-k03', { kioskConfig: raw });
      await tb.waitFor(() => expect.test(String(state()?.error)), 5000, `rejected: ${expect.source}`);
      assert.equal(state()!.state, 'rejected');
    };
    await push(`{"ui":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}}`, /nested deeper than 8 levels/);
    await push('{"ui":{"__proto__":{"idleTimeoutSec":90}}}', /ui\.__proto__: the key "__proto__" is not allowed/);
    await push('{"heartbeat":{"intervalMin":0.00002}}', /heartbeat\.intervalMin/);
    await push(JSON.stringify({ hall: { name: '厅'.repeat(41) } }), /hall\.name/);
    assert.equal(r.host.config.ui.idleTimeoutSec, 60);
    assert.equal(r.host.config.heartbeat.intervalMin, 5);
    const audit = new DiagnosticsStore(r.dir).entries(50).filter((e) => e.action === 'fleet.config');
    assert.equal(audit.filter((e) => !e.ok).length, 5, 'the stored one and each push audited once');
    assert.ok(!audit.some((e) => e.ok));
  });

  it('answers every command, audits each, and refuses unknown methods', async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    const r = track(await rig({ url: tb.url, accessToken: 't' }));
    await tb.waitFor(() => tb.connected('hall-01-k03') && r.fleet.status.connected, 10_000, 'connection');
    const rpc = (m: string, p: unknown = {}) => tb.rpc('hall-01-k03', m, p);

    const st = await rpc('getStatus');
    assert.equal(st.ok, true);
    assert.equal((st.telemetry as Record<string, unknown>)['device.scanner'], 'ready');

    r.host.queue.enqueue('demo', { n: 1 });
    const sync = await rpc('syncNow');
    assert.equal(sync.ok, true);
    assert.equal((sync.queue as { pending: number }).pending, 0);

    const printed = r.host.hub.receiptPrinter.sim!.printouts().length;
    const pt = await rpc('printTestPage');
    assert.equal(pt.ok, true, JSON.stringify(pt));
    await tb.waitFor(() => r.host.hub.receiptPrinter.sim!.printouts().length === printed + 1, 5000, 'the test page on the simulator');
    assert.match(r.host.hub.receiptPrinter.sim!.printouts().at(-1)!.text, /Printer test page/);
    // Not while a citizen is being served.
    await r.host.call('kiosk.screen', { screen: 'service' }, signal);
    assert.equal(((await rpc('printTestPage')).error as { code: string }).code, 'busy');
    await r.host.call('kiosk.screen', { screen: 'home' }, signal);

    const hellos: unknown[] = [];
    r.host.onDidEmit((e) => e.event === 'kiosk.info' && hellos.push(e.data));
    const oos = await rpc('setOutOfService', { on: true, message: '设备维护中 Under maintenance' });
    assert.equal(oos.ok, true);
    assert.deepEqual(r.host.info().outOfService, { on: true, message: '设备维护中 Under maintenance' });
    assert.equal(hellos.length, 1);
    // Kept for the next start (a nightly restart must not put a closed kiosk back in service).
    assert.deepEqual(readOutOfService(r.dir), { on: true, message: '设备维护中 Under maintenance' });
    assert.equal((await rpc('setOutOfService', { on: 'yes' })).ok, false);
    await rpc('setOutOfService', { on: false });
    assert.equal(r.host.info().outOfService.on, false);

    mkdirSync(join(r.dir, 'logs'), { recursive: true });
    writeFileSync(join(r.dir, 'logs', 'kiosk.log'), Array.from({ length: 50 }, (_, i) => `{"line":${i},"msg":"card 320508195602290013 read"}`).join('\n') + '\n');
    const logs = await rpc('getLogs', { lines: 10 });
    assert.equal(logs.ok, true);
    assert.equal((logs.lines as string[]).length, 10);
    assert.match((logs.lines as string[])[9]!, /"line":49/);
    assert.ok(!JSON.stringify(logs).includes('320508195602290013'));

    // Mid-service: the restart waits for the citizen.
    await r.host.call('kiosk.screen', { screen: 'service' }, signal);
    assert.deepEqual(await rpc('restart'), { ok: true, restarting: 'when-idle' });
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(r.restarts, 0);
    await r.host.call('kiosk.screen', { screen: 'attract' }, signal);
    await tb.waitFor(() => r.restarts === 1, 3000, 'restart once idle');
    const rs = await rpc('restart');
    assert.deepEqual(rs, { ok: true, restarting: 'now' });
    await tb.waitFor(() => r.restarts === 2, 3000, 'restart');

    // Hostile input is answered as data, and the kiosk stays up.
    assert.deepEqual((await tb.rawRpc('hall-01-k03', Buffer.from('{not json'))).error, { code: 'bad-request', message: 'expected {"method": "…", "params": {…}}' });
    assert.equal(((await tb.rawRpc('hall-01-k03', Buffer.from(JSON.stringify({ method: 'getLogs', params: { lines: 'all' } })))).error as { code: string }).code, 'bad-request');
    assert.equal((await tb.rawRpc('hall-01-k03', Buffer.from(JSON.stringify({ method: 'getLogs', params: '{"lines":2}' })))).ok, true, 'params as a JSON string');
    tb.pushShared('hall-01-k03', { kioskConfig: 'x'.repeat(300 * 1024) }); // over the message cap: dropped unread
    assert.equal((await rpc('getStatus')).ok, true);

    const unknown = await rpc('selfDestruct');
    assert.deepEqual(unknown, { ok: false, error: { code: 'unknown-method', message: 'unknown method "selfDestruct"' } });

    const audit = new DiagnosticsStore(r.dir).entries(100).map((e) => e.action);
    for (const m of ['getStatus', 'syncNow', 'printTestPage', 'setOutOfService', 'getLogs', 'restart', 'selfDestruct']) assert.ok(audit.includes(`fleet.rpc.${m}`), `audited ${m}`);
    assert.equal(r.fleet.status.lastCommand?.method, 'selfDestruct');
  });

  it('keeps telemetry on disk through a 20 s broker outage and sends it in order, with original ts, after the restart', { timeout: 60_000 }, async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    const r = track(await rig({ url: tb.url, accessToken: 't', telemetrySec: 5 }));
    await tb.waitFor(() => tb.telemetry('hall-01-k03').length >= 1, 10_000, 'first telemetry');
    await tb.stop();
    const outageStart = Date.now();
    await new Promise((res) => setTimeout(res, 20_000));
    assert.ok(r.fleet.buffer.count() >= 3, `buffered ${r.fleet.buffer.count()}`);
    assert.equal(r.fleet.status.connected, false);
    await tb.start();
    await tb.waitFor(() => r.fleet.status.connected && r.fleet.buffer.count() === 0, 15_000, 'reconnected and drained');
    const during = tb.telemetry('hall-01-k03').filter((t) => t.ts >= outageStart && t.ts < outageStart + 20_000);
    assert.ok(during.length >= 3, `records from the outage: ${during.length}`);
    for (const t of during) assert.ok(t.receivedAt - t.ts >= 1000 || t.ts > outageStart + 19_000, 'sent later with its original ts');
    const all = tb.telemetry('hall-01-k03').map((t) => t.ts);
    assert.deepEqual(all, [...all].sort((a, b) => a - b), 'in order');
  });

  it('a day offline goes back in order, with original ts, in batches of at most 60 records, paced', { timeout: 60_000 }, async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    await tb.stop();
    const r = track(await rig({ url: tb.url, accessToken: 't' }));
    const now = Date.now();
    for (let i = 0; i < 1440; i++) r.fleet.pushTelemetry({ minute: i, uptimeSec: i * 60 }, now - (1440 - i) * 60_000);
    assert.ok(r.fleet.buffer.count() >= 1440);
    await tb.start();
    await tb.waitFor(() => r.fleet.status.connected && r.fleet.buffer.count() === 0, 30_000, 'drained');
    const msgs = tb.messages.filter((m) => m.topic === 'v1/devices/me/telemetry');
    const sizes = msgs.map((m) => (JSON.parse(m.payload.toString()) as unknown[]).length ?? 1);
    assert.ok(Math.max(...sizes) <= 60, `batches of ≤ 60 (${Math.max(...sizes)})`);
    assert.ok(msgs.length <= 30, `${msgs.length} messages for a day`);
    for (let i = 1; i < msgs.length; i++) assert.ok(msgs[i]!.at - msgs[i - 1]!.at >= 15, 'paced');
    const minutes = tb.telemetry('hall-01-k03').filter((t) => 'minute' in t.values);
    assert.equal(minutes.length, 1440);
    assert.deepEqual(minutes.map((t) => t.values.minute), Array.from({ length: 1440 }, (_, i) => i));
    assert.equal(minutes[0]!.ts, now - 1440 * 60_000);
  });

  it('sends nothing personal: every byte published during a flow with every demo card', { timeout: 60_000 }, async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    const r = track(await rig({ url: tb.url, accessToken: 't', telemetrySec: 5 }));
    await tb.waitFor(() => r.fleet.status.connected, 10_000, 'connection');
    for (const c of DEMO_CARDS) {
      await r.host.call('kiosk.screen', { screen: 'service' }, signal);
      const reading = r.host.call('idcard.read', { timeoutMs: 10_000 }, signal);
      r.host.hub.idCardReader.sim!.placeCard(c.key);
      await reading;
      await r.host.call('submission.submit', { serviceId: 'household-proof', withIdentity: true, data: { note: c.card.name } }, signal).catch(() => null);
      await tb.rpc('hall-01-k03', 'getStatus');
      r.host.hub.idCardReader.sim!.removeCard();
      await r.host.call('session.end', { reason: 'done' }, signal);
      await r.host.call('kiosk.screen', { screen: 'attract' }, signal);
    }
    await tb.rpc('hall-01-k03', 'getLogs', { lines: 500 });
    r.fleet.pushTelemetry(r.fleet.values());
    await tb.waitFor(() => r.fleet.buffer.count() === 0 && tb.telemetry('hall-01-k03').some((t) => Number(t.values['sessions.count']) >= DEMO_CARDS.length), 10_000, 'final telemetry');
    const wire = Buffer.concat(tb.messages.map((m) => Buffer.concat([Buffer.from(m.topic), m.payload]))).toString('utf8');
    assert.ok(wire.length > 1000);
    for (const c of DEMO_CARDS) {
      for (const v of [c.card.name, c.card.idNumber, c.card.address, c.card.englishName, c.card.passNumber]) {
        if (v) assert.ok(!wire.includes(v), `"${c.key}" ${v.slice(0, 2)}… not on the wire`);
      }
    }
  });

  it('OTA: downloads in chunks, verifies checksum and signature, installs when idle, reporting fw_state; a bad checksum is FAILED', { timeout: 30_000 }, async () => {
    // Random bytes, so a chunk served from the wrong offset cannot go unnoticed.
    const payload = randomBytes(100_000);
    const release = generateKeyPairSync('ed25519');
    const envelope = makeEnvelope({ kind: 'package', title: 'openkiosk', version: '9.10.0', size: payload.length, sha256: createHash('sha256').update(payload).digest('hex') }, release.privateKey);
    const pkg = Buffer.concat([payload, trailerOf(envelope)]);
    const sum = createHash('sha256').update(pkg).digest('hex');
    const tb = await standIn({ tokens: { t: 'hall-01-k03' }, firmware: { 'openkiosk/9.10.0': pkg } });
    const installed: { file: string; version: string; bytes: Buffer }[] = [];
    const installer: FirmwareInstaller = {
      updateKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      unavailable: () => null,
      install: async (file, t) => void installed.push({ file, version: t.version, bytes: readFileSync(file) }),
      rolledBack: () => null,
    };
    const r = track(await rig({ url: tb.url, accessToken: 't' }, {}, installer));
    await tb.waitFor(() => r.fleet.status.connected, 10_000, 'connection');
    tb.pushShared('hall-01-k03', { fw_title: 'openkiosk', fw_version: '9.10.0', fw_checksum: sum, fw_checksum_algorithm: 'SHA256', fw_size: pkg.length });
    await tb.waitFor(() => installed.length === 1, 15_000, 'install');
    assert.ok(installed[0]!.bytes.equals(payload), 'the signed payload, byte for byte');
    const chunks = tb.messages.filter((m) => m.topic.startsWith('v2/fw/request/'));
    assert.ok(chunks.length >= 4, 'several chunks');
    await tb.waitFor(() => tb.telemetry('hall-01-k03').some((t) => t.values.fw_state === 'UPDATING'), 5000, 'UPDATING');
    const states = tb.telemetry('hall-01-k03').map((t) => t.values.fw_state).filter(Boolean);
    assert.deepEqual(states, ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATING']);
    assert.ok(existsSync(join(r.dir, 'fleet', 'firmware', 'pending.json')));

    tb.pushShared('hall-01-k03', { fw_version: '9.11.0', fw_checksum: '00'.repeat(32) });
    tb.shared.get('hall-01-k03')!.fw_version = '9.10.0'; // the stand-in serves the 9.10.0 bytes: the checksum cannot match
    await tb.waitFor(() => tb.telemetry('hall-01-k03').some((t) => t.values.fw_state === 'FAILED'), 10_000, 'FAILED');
    const failed = tb.telemetry('hall-01-k03').find((t) => t.values.fw_state === 'FAILED')!;
    assert.match(String(failed.values.fw_error), /checksum mismatch/);
    assert.equal(installed.length, 1);
  });

  it('a device already offline at start is an urgent event too', async () => {
    const tb = await standIn({ tokens: { t: 'hall-01-k03' } });
    track(await rig({ url: tb.url, accessToken: 't' }, { devices: { idCardReader: { transport: 'serial', path: '/nonexistent/ttyUSB9' } } }));
    const ev = await tb.waitFor(() => tb.telemetry('hall-01-k03').find((t) => (t.values.event as { kind?: string } | undefined)?.kind === 'device-offline'), 10_000, 'device-offline');
    assert.equal((ev.values.event as { device: string }).device, 'idCardReader');
    assert.equal(ev.values['device.idCardReader'], 'offline');
  });

  it('mqtts with the CA file; a broker the CA does not vouch for is not trusted', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-tls-'));
    dirsToRemove.push(certDir);
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=tb-standin', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const tb = await standIn({ tokens: { t: 'hall-01-k03' }, tls: { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) } });
    assert.match(tb.url, /^mqtts:/);
    const ok = track(await rig({ url: tb.url, accessToken: 't', ca: join(certDir, 'cert.pem') }));
    await tb.waitFor(() => ok.fleet.status.connected && tb.telemetry('hall-01-k03').length > 0, 10_000, 'mqtts connection');
    const untrusted = track(await rig({ url: tb.url, accessToken: 't' }, { kioskId: 'hall-01-k09' }));
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(untrusted.fleet.status.connected, false);
    assert.match(String(untrusted.fleet.status.lastError), /certificate/i);
    const missing = track(await rig({ url: tb.url, accessToken: 't', ca: join(certDir, 'nope.pem') }, { kioskId: 'hall-01-k10' }));
    await new Promise((res) => setTimeout(res, 300));
    assert.match(String(missing.fleet.status.lastError), /fleet\.ca: .*ENOENT/);
  });

  it('no fleet config: nothing starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
    dirsToRemove.push(dir);
    const host = await Host.create(KioskConfig.parse({ dataDir: dir }));
    try {
      assert.equal(startFleet(host, { appVersion: '1', restart: () => undefined }), null);
      assert.ok(!existsSync(join(dir, 'fleet')));
    } finally {
      await host.dispose();
    }
  });
});
