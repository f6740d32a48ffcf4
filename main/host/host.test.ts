import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import { Host, type HostEvent } from './host.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';

describe('host composition root (simulated devices, embedded back end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
  let host: Host;
  const events: HostEvent[] = [];
  const signal = new AbortController().signal;

  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir }));
    host.onDidEmit((e) => events.push(e));
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true }); // the outbox key lives beside the data dir
  });

  it('validates method names and params at the boundary, as data', async () => {
    await assert.rejects(host.call('nope', {}, signal), { code: 'unknown-method' });
    await assert.rejects(host.call('idcard.read', { timeoutMs: 'soon' }, signal), { code: 'bad-request' });
    await assert.rejects(host.call('idcard.read', { timeoutMs: 1000, extra: 1 }, signal), { code: 'bad-request' });
  });

  it('reads a card into the session and gives the renderer only masked data', async () => {
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    host.hub.idCardReader.sim!.placeCard('lin');
    const masked = (await reading) as Record<string, unknown>;
    assert.equal(masked.maskedName, '林*');
    assert.equal(masked.maskedIdNumber, '5328**********0028');
    assert.ok(!JSON.stringify(masked).includes('532801200107150028'));
    assert.equal(host.session.current()?.idNumber, '532801200107150028');
  });

  it('a cancelled read rejects as cancelled, not as a failure', async () => {
    host.hub.idCardReader.sim!.removeCard();
    const ac = new AbortController();
    const p = host.call('idcard.read', { timeoutMs: 20_000 }, ac.signal);
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(p, { code: 'cancelled' });
  });

  it('scans through the simulated serial scanner and reports the simulated printer status', async () => {
    const scanning = host.call('scanner.scan', { timeoutMs: 20_000 }, signal);
    setTimeout(() => host.hub.scanner.sim!.scan('苏州市民卡0001'), 300);
    assert.deepEqual(await scanning, { data: '苏州市民卡0001', source: 'sim', symbology: null });
    await host.call('sim.setPrinter', { paperEnd: true }, signal);
    const st = (await host.call('printer.status', {}, signal)) as { paperEnd: boolean };
    assert.equal(st.paperEnd, true);
    await assert.rejects(host.hub.receiptPrinter.service.print({ lines: [{ type: 'text', text: '测试' }] }, { timeoutMs: 5000 }), { code: 'paper-end' });
    await host.call('sim.setPrinter', { paperEnd: false, paperNearEnd: false }, signal);
    assert.equal(((await host.call('printer.status', {}, signal)) as { paperEnd: boolean }).paperEnd, false);
  });

  it('stores a submission with the identity durably, syncs it to the back end once, and wipes the session', async () => {
    const r = (await host.call('submission.submit', { serviceId: 'household-proof', data: { reason: '测试' } }, signal)) as { id: string };
    assert.match(r.id, /^[0-9a-f-]{36}$/);
    await host.queue.worker.drain({ timeoutMs: 20_000 });
    const v = (await host.call('queue.status', {}, signal)) as { pending: number; done: number };
    assert.equal(v.pending, 0);
    assert.equal(v.done, 1);
    // The back end's receiptNo is what the done screen shows beside the case number.
    const outcome = (await host.call('submission.outcome', { id: r.id }, signal)) as { state: string; receiptNo: string | null };
    assert.equal(outcome.state, 'done');
    assert.match(outcome.receiptNo ?? '', /^DEMO-\d{8}-\d{6}$/);
    await assert.rejects(host.call('submission.outcome', { id: '0190f5b4-0000-7000-8000-000000000000' }, signal), { code: 'not-found' });
    assert.ok(events.some((e) => e.event === 'queue.status'));
    // Nothing personal in clear text in the outbox files.
    for (const f of readdirSync(dir).filter((n) => n.startsWith('outbox'))) {
      const bytes = readFileSync(join(dir, f));
      assert.equal(bytes.includes(Buffer.from('532801200107150028')), false, f);
    }
    await host.call('session.end', { reason: 'done' }, signal);
    assert.equal(host.session.current(), null);
    await assert.rejects(host.call('submission.outcome', { id: r.id }, signal), { code: 'not-found' }, 'not the next citizen’s to see');
    await assert.rejects(host.call('submission.submit', { serviceId: 'x', data: {} }, signal), { code: 'bad-request' });
  });

  it('refuses a submission for a service id outside the catalog, or for a service without a submit step, with the citizen identified', async () => {
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    host.hub.idCardReader.sim!.placeCard('lin');
    await reading;
    const before = ((await host.call('queue.status', {}, signal)) as { pending: number; done: number });
    // A near miss of a face-checked service's id, and a made-up one: neither may carry the identity past the checks.
    for (const serviceId of ['No-Criminal-Record', 'license-print-audit', 'no-criminal-record ']) {
      await assert.rejects(host.call('submission.submit', { serviceId, data: { purpose: 'x' }, withIdentity: true }, signal), (e: { code: string; message: string }) => {
        assert.equal(e.code, 'bad-request');
        assert.match(e.message, /in the catalog/);
        return true;
      });
    }
    await assert.rejects(host.call('submission.submit', { serviceId: 'housing-fund-balance', data: {} }, signal), { code: 'bad-request', message: /no submit step/ });
    const afterwards = ((await host.call('queue.status', {}, signal)) as { pending: number; done: number });
    assert.equal(afterwards.pending + afterwards.done, before.pending + before.done, 'nothing was queued');
    host.hub.idCardReader.sim!.removeCard();
    await host.call('session.end', { reason: 'done' }, signal);
  });
});
