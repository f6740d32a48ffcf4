// kiosk-test: long
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import type { ServiceDefinition } from '../../contracts/service-definition.js';
import { DEMO_CARDS } from '../../drivers/sim/demo-cards.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';
import { startDemoBackend, type DemoBackend } from '../demo-backend/index.js';
import { BackendClient } from './backend-client.js';
import { Host } from './host.js';
import { ServiceWalker, walkBundle, type DemoCitizen, type Walked, type WalkedBundle } from './test-support/service-walker.js';

/** A vpcd slot no pcscd serves: the social security card reader stays in-process whatever else runs on this machine. */
const NO_VPCD_PORT = 36_163;
/**
 * Kiosks walking the catalogue side by side, each with its own simulated devices: a receipt takes
 * the simulated printer half a second of paper feed, so one kiosk alone would spend most of the
 * walk waiting for paper.
 */
const KIOSKS = 2;

/**
 * The generated walk: every service of the shipped catalogue, step by step, as the renderer drives
 * it through the host's contract: identify with a demo citizen who has a record for each of its
 * lookups, fill every form from a value per field kind, run the lookups over HTTP against the demo
 * back end, submit into the SQLite outbox, sync, print, rate. A service whose steps the host or the
 * back end refuse fails here, naming the service and the step.
 */
describe('every service of the catalogue walks to its end on the demo back end', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-walk-'));
  const received = new Map<string, number>();
  let backend: DemoBackend;
  let client: BackendClient;
  const hosts: Host[] = [];
  const walkers: ServiceWalker[] = [];

  before(async () => {
    backend = await startDemoBackend({ dataDir: join(dir, 'backend'), token: 'tok', routes: [(_r, ctx) => ctx.onSubmission((b) => received.set(b.id, (received.get(b.id) ?? 0) + 1))] });
    client = new BackendClient({ url: backend.url, token: 'tok', timeoutMs: 5000 });
    const config = (i: number) =>
      KioskConfig.parse({
        kioskId: `walk-${i}`,
        dataDir: join(dir, `kiosk-${i}`),
        backend: { url: backend.url, token: 'tok' },
        devices: { idCardReader: { transport: 'sim', pollIntervalMs: 50 }, sscardReader: { transport: 'sim', vpcdPort: NO_VPCD_PORT } },
      });
    hosts.push(...(await Promise.all(Array.from({ length: KIOSKS }, (_, i) => Host.create(config(i))))));
    walkers.push(...hosts.map((h) => new ServiceWalker(h)));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.dispose()));
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
    for (let i = 0; i < KIOSKS; i++) rmSync(defaultKeyFilePath(join(dir, `kiosk-${i}`)), { force: true });
  });

  /** The demo citizen with a record for every lookup of the service (the first one, for a service without lookups). */
  async function citizenFor(def: ServiceDefinition): Promise<DemoCitizen> {
    const queries = def.steps.flatMap((s) => (s.type === 'lookup' ? [s.query] : []));
    for (const c of DEMO_CARDS) {
      let all = true;
      for (const q of queries) all &&= await client.post(`/v1/lookups/${q}`, { idNumber: c.card.idNumber, params: {} }).then(() => true, () => false);
      if (all) return c;
    }
    assert.fail(`${def.id}: no demo citizen has a record for ${queries.join(', ')}`);
  }

  it('walks each service: identify, forms, lookups, face and signature, submit, receipt, rating; the back end stores each submission once', async () => {
    const services = hosts[0]!.services;
    assert.ok(services.length >= 62, `${services.length} services`);
    const walked: Walked[] = [];
    await Promise.all(
      walkers.map(async (w, k) => {
        for (const def of services.filter((_, i) => i % KIOSKS === k)) walked.push(await w.walk(def, await citizenFor(def)));
        await w.receiptsPrinted();
      }),
    );
    assert.equal(walked.length, services.length);
    assert.deepEqual(walked.filter((w) => w.walkedElsewhere).map((w) => `${w.serviceId}: ${w.walkedElsewhere}`).sort(), ['household-materials: document-camera', 'id-card-copy: document-camera', 'no-criminal-record: face']);
    const submitted = walked.filter((w) => w.submissionId);
    assert.ok(submitted.length >= 55, `${submitted.length} services submitted`);
    const receipts = services.filter((d) => !walked.find((w) => w.serviceId === d.id)!.walkedElsewhere && d.steps.some((st) => st.type === 'print-receipt' && !st.optional)).length;
    assert.equal(walkers.reduce((n, w) => n + w.printed.size, 0), receipts, 'every receipt was printed, each its own job');

    await Promise.all(hosts.map((h) => h.queue.worker.drain({ timeoutMs: 30_000 })));
    for (const s of submitted) assert.equal(received.get(s.submissionId!), 1, `${s.serviceId}: stored by the back end exactly once`);
    for (const h of hosts) {
      const v = (await h.call('queue.status', {}, AbortSignal.timeout(5000))) as { pending: number; dead: number };
      assert.equal(v.pending, 0);
      assert.equal(v.dead, 0);
    }
  });
  it('walks each life-event bundle: one identify, one merged form, every member submitted in one go and stored once, one receipt', async () => {
    const bundles = hosts[0]!.catalogBundles.bundles;
    assert.ok(bundles.length >= 8, `${bundles.length} bundles`);
    const wang = DEMO_CARDS.find((c) => c.key === 'wang')!;
    const walked: WalkedBundle[] = [];
    await Promise.all(
      walkers.map(async (w, k) => {
        for (const b of bundles.filter((_, i) => i % KIOSKS === k)) {
          // A spouse: every member, conditional ones too, takes part.
          const r = await walkBundle(w, hosts[k]!, b, wang, b.members.some((m) => m.when) ? { relation: 'spouse' } : {});
          assert.deepEqual(r.members.map((m) => m.serviceId), b.members.map((m) => m.service), `${b.id}: every member takes part`);
          walked.push(r);
        }
      }),
    );
    // Another relative settles the household and the funeral; what only heirs claim is left out.
    const afterDeath = bundles.find((b) => b.id === 'after-death')!;
    const other = await walkBundle(walkers[0]!, hosts[0]!, afterDeath, wang, { relation: 'other' });
    assert.deepEqual(other.members.map((m) => m.serviceId), afterDeath.members.filter((m) => !m.when).map((m) => m.service));
    walked.push(other);

    await Promise.all(hosts.map((h) => h.queue.worker.drain({ timeoutMs: 30_000 })));
    for (const b of walked) for (const m of b.members) assert.equal(received.get(m.id), 1, `${b.bundleId}/${m.serviceId}: stored by the back end exactly once`);
  });
});
