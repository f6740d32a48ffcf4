import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import { Host } from './host.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';

describe('diag.serials.* on the host: the technician registers a stack; it is validated and audited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-diag-serials-'));
  let host: Host;
  let token: string;
  const signal = new AbortController().signal;
  const call = <T>(method: string, params: Record<string, unknown> = {}) => host.call(method, { token, ...params }, signal) as Promise<T>;
  type Trays = Record<'A3' | 'A4', { numbered: boolean; next: string | null; used: number; format: string | null }>;

  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir, documents: { stock: { A3: { numbered: true, prefix: 'SZ', digits: 8 } } } }));
    await host.queue.worker.stop();
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true }); // the outbox key lives beside the data dir
  });

  it('no token, no serials', async () => {
    await assert.rejects(host.call('diag.serials.get', { token: 'y'.repeat(43) }, signal), { code: 'forbidden' });
    await assert.rejects(host.call('diag.serials.set', { token: 'y'.repeat(43), paper: 'A3', first: 'SZ00000001' }, signal), { code: 'forbidden' });
    token = ((await host.call('diag.enter', { pin: '000000' }, signal)) as { token: string }).token;
  });

  it('shows each tray; a serial off the format is refused and audited as failed; a good one is set and audited', async () => {
    const before = await call<Trays>('diag.serials.get');
    assert.deepEqual([before.A3.numbered, before.A3.format, before.A3.next], [true, 'SZ + 8 digits', null]);
    assert.equal(before.A4.numbered, false);
    await assert.rejects(call('diag.serials.set', { paper: 'A3', first: 'SZ12' }), { code: 'bad-request' });
    await assert.rejects(call('diag.serials.set', { paper: 'A4', first: '00000001' }), { code: 'bad-request' });
    const set = await call<Trays>('diag.serials.set', { paper: 'A3', first: 'SZ00000500' });
    assert.deepEqual([set.A3.next, set.A3.used], ['SZ00000500', 0]);
    const { entries } = await call<{ entries: { action: string; ok: boolean; detail: string }[] }>('diag.audit', { limit: 5 });
    const serialRows = entries.filter((e) => e.action === 'sheet-serial-set');
    assert.deepEqual(serialRows.map((e) => e.ok), [true, false, false]);
    assert.match(serialRows[0]!.detail, /A3: \(none\) after 0 sheets → SZ00000500/);
  });
});

describe('document.print with numbered A4 stock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-a4-numbered-'));
  let host: Host;
  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir, documents: { stock: { A4: { numbered: true } } } }));
    await host.queue.worker.stop();
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true }); // the outbox key lives beside the data dir
  });

  it('a certificate is not printed on the security sheets of the A4 tray', async () => {
    await assert.rejects(
      host.call('document.print', { serviceId: 'social-insurance-records', title: '社会保险个人缴费记录', lines: [{ label: 'a', value: 'b' }] }, new AbortController().signal),
      (e: { code: string; message: string }) => e.code === 'not-available' && /numbered license stock/.test(e.message),
    );
  });
});
