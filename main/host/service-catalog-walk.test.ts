import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { KioskConfig } from '../../contracts/config.js';
import { evaluatePolicy, policyEnvironment } from '../../contracts/policy-rules.js';
import type { ServiceDefinition, StepOf } from '../../contracts/service-definition.js';
import { DEMO_CARDS } from '../../drivers/sim/demo-cards.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';
import { startDemoBackend, type DemoBackend } from '../demo-backend/index.js';
import { EGOV_QR_CODES } from '../demo-backend/service-demo-data.js';
import { BackendClient } from './backend-client.js';
import { Host } from './host.js';
import { valueFor } from './test-support/form-values.js';

/**
 * The generated walk: every service of the shipped catalogue, step by step, as the renderer drives
 * it through the host's contract: identify with a demo citizen who has a record for each of its
 * lookups, fill every form from a value per field kind, run the lookups over HTTP against the demo
 * back end, submit into the SQLite outbox, sync, print, rate. A service whose steps the host or the
 * back end refuse fails here, naming the service and the step.
 */
/** A vpcd slot no pcscd serves: the social security card reader stays in-process whatever else runs on this machine. */
const NO_VPCD_PORT = 36_163;

describe('every service of the catalogue walks to its end on the demo back end', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-walk-'));
  const signal = new AbortController().signal;
  const received = new Map<string, number>();
  let backend: DemoBackend;
  let host: Host;
  let client: BackendClient;

  before(async () => {
    backend = await startDemoBackend({ dataDir: join(dir, 'backend'), token: 'tok', routes: [(_r, ctx) => ctx.onSubmission((b) => received.set(b.id, (received.get(b.id) ?? 0) + 1))] });
    client = new BackendClient({ url: backend.url, token: 'tok', timeoutMs: 5000 });
    host = await Host.create(KioskConfig.parse({ dataDir: join(dir, 'kiosk'), backend: { url: backend.url, token: 'tok' }, devices: { idCardReader: { transport: 'sim', pollIntervalMs: 50 }, sscardReader: { transport: 'sim', vpcdPort: NO_VPCD_PORT } } }));
  });
  after(async () => {
    await host?.dispose();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(join(dir, 'kiosk')), { force: true });
  });

  const call = <T>(method: string, params: unknown) => host.call(method, params, signal) as Promise<T>;
  const qrOf = (idNumber: string) => Object.entries(EGOV_QR_CODES).find(([, id]) => id === idNumber)?.[0];

  /** The demo citizen with a record for every lookup of the service (the first one, for a service without lookups). */
  async function citizenFor(def: ServiceDefinition): Promise<(typeof DEMO_CARDS)[number]> {
    const queries = def.steps.flatMap((s) => (s.type === 'lookup' ? [s.query] : []));
    for (const c of DEMO_CARDS) {
      let all = true;
      for (const q of queries) {
        const found = await client.post(`/v1/lookups/${q}`, { idNumber: c.card.idNumber, params: {} }).then(() => true, () => false);
        all &&= found;
      }
      if (all) return c;
    }
    assert.fail(`${def.id}: no demo citizen has a record for ${queries.join(', ')}`);
  }

  /** The e-government app's code when the step takes it (no card to swap), else the ID card on the simulated reader. */
  async function identify(def: ServiceDefinition, step: StepOf<'identify'>, citizen: (typeof DEMO_CARDS)[number]): Promise<'app' | 'card'> {
    const accepts = step.accept ?? (step.method === 'either' ? ['idcard', 'app-qr'] : step.method === 'qr' ? ['app-qr'] : ['idcard']);
    const code = qrOf(citizen.card.idNumber);
    if (accepts.includes('app-qr') && code) {
      await call('identity.scan', { timeoutMs: 5000, code });
      return 'app';
    }
    assert.ok(accepts.includes('idcard'), `${def.id}: the walk identifies by ID card or app code only`);
    // The reader polls while a read waits; it must see the field empty before the same card counts as placed again.
    const reading = call('idcard.read', { timeoutMs: 10_000 });
    if (cardOn) {
      const gone = new Promise<void>((resolve) => {
        const sub = host.hub.idCardReader.service.onDidRemoveCard(() => {
          sub.dispose();
          resolve();
        });
      });
      host.hub.idCardReader.sim!.removeCard();
      await gone;
    }
    host.hub.idCardReader.sim!.placeCard(citizen.key);
    await reading;
    cardOn = true;
    return 'card';
  }
  let cardOn = false;

  it('loads a hall-sized catalogue', () => {
    assert.ok(host.services.length >= 62, `${host.services.length} services`);
  });

  it('walks each service: identify, forms, lookups, face and signature, submit, receipt, rating', async () => {
    const submitted: { serviceId: string; id: string }[] = [];
    const faceWalkedElsewhere: string[] = [];
    let printing: Promise<void> = Promise.resolve();
    const printed = new Set<string>();
    services: for (const def of host.services) {
      const citizen = await citizenFor(def);
      await call('session.end', { reason: 'done' });
      const data: Record<string, string> = {};
      let by: 'app' | 'card' | null = null;
      let submissionId: string | null = null;
      let license: string | null = null;
      for (const step of def.steps) {
        const where = `${def.id}: step ${step.id} (${step.type})`;
        try {
          switch (step.type) {
            case 'identify':
              by = await identify(def, step, citizen);
              break;
            case 'form':
              step.fields.forEach((f, i) => {
                if (!f.prefill) data[f.name] = valueFor(f, i);
              });
              break;
            case 'lookup': {
              const params = Object.fromEntries(step.params.map((p) => [p, data[p] ?? '']));
              const r = await call<{ notFound: boolean; summary: Record<string, unknown> }>('lookup.query', { serviceId: def.id, stepId: step.id, params });
              assert.equal(r.notFound, false);
              for (const k of step.summary) assert.ok(k.key in r.summary, `summary key ${k.key}`);
              break;
            }
            case 'verify-face': {
              // The app's login stands in where the step allows it; a card holder's live check needs the
              // real face models (a minute on this machine), so those services are walked in face-desk.test.ts.
              const reason = by === 'app' ? 'identified-by-app' : 'declined';
              const r = await call<{ allowed: boolean }>('face.skip', { serviceId: def.id, stepId: step.id, reason });
              if (!r.allowed) {
                faceWalkedElsewhere.push(def.id);
                await assert.rejects(call('submission.submit', { serviceId: def.id, data }), { code: 'forbidden' });
                continue services;
              }
              break;
            }
            case 'sign':
              await call('signature.submit', { serviceId: def.id, stepId: step.id, pngBase64: signaturePng(), strokes: 3 });
              break;
            case 'license-lookup':
              license = data[step.usccField]!;
              await call('license.lookup', { serviceId: def.id, uscc: license });
              break;
            case 'license-print':
              await call('license.print', { serviceId: def.id, uscc: license, copy: 'duplicate', copies: 1 });
              break;
            case 'submit': {
              const r = await call<{ id: string; caseNumber: string }>('submission.submit', { serviceId: def.id, data, withIdentity: step.withIdentity });
              submissionId = r.id;
              submitted.push({ serviceId: def.id, id: r.id });
              break;
            }
            case 'print-receipt': {
              // The simulated printer feeds paper at a real printer's pace (half a second a receipt):
              // a receipt prints while the walk goes on to the next service, and an optional one is skipped as a citizen may.
              if (step.optional) break;
              await printing;
              const serviceId = def.id;
              printing = call<{ jobId: string }>('printer.printReceipt', { serviceId, submissionId }).then(
                (r) => void printed.add(r.jobId),
                (e: unknown) => assert.fail(`${serviceId}: the receipt did not print: ${(e as Error).message}`),
              );
              break;
            }
            case 'print-ticket':
              await call('printer.printTicket', { serviceId: def.id, queue: data[step.queueField] });
              break;
            case 'calculate': {
              const answers = Object.fromEntries(step.questions.map((q) => [q.name, q.options[0]!.value]));
              evaluatePolicy(policyEnvironment(step.questions), step.rules, answers);
              break;
            }
            case 'evaluate':
              await call('evaluation.submit', { serviceId: def.id, caseId: submissionId, rating: 5 });
              break;
            case 'notice':
            case 'confirm':
            case 'done':
              break;
          }
        } catch (e) {
          assert.fail(`${where} with ${citizen.key}: ${(e as Error).message}`);
        }
      }
    }
    await printing;
    const receipts = host.services.filter((d) => !faceWalkedElsewhere.includes(d.id) && d.steps.some((st) => st.type === 'print-receipt' && !st.optional)).length;
    assert.equal(printed.size, receipts, 'every receipt was printed, each its own job');
    assert.deepEqual(faceWalkedElsewhere, ['no-criminal-record']);
    await host.queue.worker.drain({ timeoutMs: 30_000 });
    assert.ok(submitted.length >= 50, `${submitted.length} services submitted`);
    for (const s of submitted) {
      assert.equal(received.get(s.id), 1, `${s.serviceId}: stored by the back end exactly once`);
      const outcome = await call<{ state: string }>('submission.outcome', { id: s.id }).catch(() => null);
      // Outcomes are the current session's only; the last service's submission is still in it.
      if (outcome) assert.equal(outcome.state, 'done', s.serviceId);
    }
  });
});

/** A few strokes of ink, enough for the signature desk's check. */
function signaturePng(): string {
  const pad = new PNG({ width: 400, height: 160 });
  for (let x = 40; x < 360; x++) for (let t = -3; t <= 3; t++) pad.data.set([0, 0, 0, 255], ((80 + Math.round(30 * Math.sin(x / 20)) + t) * 400 + x) * 4);
  return PNG.sync.write(pad).toString('base64');
}
