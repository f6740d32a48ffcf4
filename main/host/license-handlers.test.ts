import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import type { LicenseSummary, SimState } from '../../contracts/protocol.js';
import { Host } from './host.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';

describe('host: license.lookup / license.print / document.print / sim.setDocumentPrinter (simulated devices, embedded back end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-license-host-'));
  let host: Host;
  const queued: { serviceId: string; payload: Record<string, unknown> }[] = [];
  const signal = new AbortController().signal;

  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir }));
    const enqueue = host.queue.enqueue.bind(host.queue);
    host.queue.enqueue = (serviceId, payload) => {
      queued.push({ serviceId, payload });
      return enqueue(serviceId, payload);
    };
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true }); // the outbox key lives beside the data dir
  });

  /** The card holder puts their card down; the previous card is lifted first and the reader sees the field empty. */
  async function identify(key: string): Promise<void> {
    const reader = host.hub.idCardReader.service;
    const cardWasRead = ['card-present', 'remove-card'].includes(reader.status().detail ?? '');
    const lifted = new Promise<void>((resolve) => {
      if (!cardWasRead) return resolve();
      const sub = reader.onDidRemoveCard(() => {
        sub.dispose();
        resolve();
      });
    });
    host.hub.idCardReader.sim!.removeCard();
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    await lifted;
    host.hub.idCardReader.sim!.placeCard(key);
    await reading;
  }

  it('needs an identified citizen and a catalog service with the step', async () => {
    await assert.rejects(host.call('license.lookup', { serviceId: 'business-license', uscc: '91320508MA1MXK2C87' }, signal), { code: 'bad-request' });
    await identify('ouyang');
    await assert.rejects(host.call('license.lookup', { serviceId: 'id-check', uscc: '91320508MA1MXK2C87' }, signal), { code: 'bad-request' });
    await assert.rejects(host.call('license.lookup', { serviceId: 'business-license', uscc: '91320508MA1MXK2C88' }, signal), { code: 'bad-request' });
    assert.equal(queued.length, 0, 'a wrong code records nothing');
  });

  it('paper out stops the print before anything is printed or recorded; with paper it prints and records', async () => {
    await identify('ouyang');
    const s = (await host.call('license.lookup', { serviceId: 'business-license', uscc: '91320508MA1MXK2C87' }, signal)) as LicenseSummary;
    assert.equal(s.authorised, true);
    assert.ok(!JSON.stringify(s).includes('320508195602290013'));
    await host.call('sim.setDocumentPrinter', { paperEnd: { A3: true } }, signal);
    const st = (await host.call('sim.state', {}, signal)) as SimState;
    assert.deepEqual(st.documentPrinter?.paperEnd, { A3: true, A4: false });
    await assert.rejects(host.call('license.print', { serviceId: 'business-license', uscc: s.uscc, copy: 'original', copies: 1 }, signal), { code: 'paper-end' });
    assert.equal(host.hub.documentPrinter.sim!.printed().length, 0);
    assert.equal(queued.length, 0);

    await host.call('sim.setDocumentPrinter', { paperEnd: { A3: false } }, signal);
    const r = (await host.call('license.print', { serviceId: 'business-license', uscc: s.uscc, copy: 'original', copies: 1 }, signal)) as { paper: string; auditIds: string[] };
    assert.equal(r.paper, 'A3');
    assert.equal(host.hub.documentPrinter.sim!.printed().length, 1);
    assert.deepEqual(queued.map((q) => q.serviceId), ['license-print-audit']);
    assert.equal(queued[0]!.payload.id, r.auditIds[0]);
    assert.ok(!JSON.stringify(queued).includes('320508195602290013'));
  });

  it('the session end forgets the license', async () => {
    await host.call('session.end', { reason: 'done' }, signal);
    await identify('ouyang');
    await assert.rejects(host.call('license.print', { serviceId: 'business-license', uscc: '91320508MA1MXK2C87', copy: 'duplicate', copies: 1 }, signal), { code: 'bad-request' });
  });

  it('prints a lookup as an A4 certificate for a service that offers one', async () => {
    const before = host.hub.documentPrinter.sim!.printed().length;
    await assert.rejects(host.call('document.print', { serviceId: 'id-check', title: 'x', lines: [] }, signal), { code: 'bad-request' });
    const r = (await host.call('document.print', { serviceId: 'social-insurance-records', title: '社会保险个人缴费记录', lines: [{ label: '参保单位', value: '示例' }] }, signal)) as { jobId: string };
    const printed = host.hub.documentPrinter.sim!.printed();
    assert.equal(printed.length, before + 1);
    assert.equal(printed.at(-1)!.jobId, r.jobId);
    assert.match(printed.at(-1)!.media, /^A4/);
  });
});
