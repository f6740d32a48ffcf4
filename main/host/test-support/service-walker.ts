import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { evaluatePolicy, policyEnvironment } from '../../../contracts/policy-rules.js';
import type { ServiceDefinition, StepOf } from '../../../contracts/service-definition.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { EGOV_QR_CODES } from '../../demo-backend/service-demo-data.js';
import type { Host } from '../host.js';
import { valueFor } from './form-values.js';

export type DemoCitizen = (typeof DEMO_CARDS)[number];

/** What walking a service left behind. */
export interface Walked {
  serviceId: string;
  /** The submission's id, or null for a service that submits nothing (a lookup, a ticket). */
  submissionId: string | null;
  /** A required face check the walk cannot pass with a card (it needs the real face models). */
  faceWalkedElsewhere: boolean;
}

/**
 * Drives a host through a service's steps as the renderer does, over the host's contract only. One
 * walker per host: it remembers whether a card lies on the simulated reader, and lets receipts
 * print while it goes on (the simulated printer feeds paper at a real printer's pace).
 */
export class ServiceWalker {
  private cardOn = false;
  private printing: Promise<void> = Promise.resolve();
  readonly printed = new Set<string>();
  private readonly signal = new AbortController().signal;

  constructor(private readonly host: Host) {}

  call<T>(method: string, params: unknown): Promise<T> {
    return this.host.call(method, params, this.signal) as Promise<T>;
  }

  /** The e-government app's code when the step takes it (no card to swap), else the ID card on the simulated reader. */
  async identify(step: StepOf<'identify'>, citizen: DemoCitizen): Promise<'app' | 'card'> {
    await this.call('session.end', { reason: 'done' });
    const accepts = step.accept ?? (step.method === 'either' ? ['idcard', 'app-qr'] : step.method === 'qr' ? ['app-qr'] : ['idcard']);
    const code = Object.entries(EGOV_QR_CODES).find(([, id]) => id === citizen.card.idNumber)?.[0];
    if (accepts.includes('app-qr') && code) {
      await this.call('identity.scan', { timeoutMs: 5000, code });
      return 'app';
    }
    assert.ok(accepts.includes('idcard'), 'the walk identifies by ID card or app code only');
    // The reader polls while a read waits; it must see the field empty before the same card counts as placed again.
    const sim = this.host.hub.idCardReader.sim!;
    const reading = this.call('idcard.read', { timeoutMs: 10_000 });
    if (this.cardOn) {
      const gone = new Promise<void>((resolve) => {
        const sub = this.host.hub.idCardReader.service.onDidRemoveCard(() => {
          sub.dispose();
          resolve();
        });
      });
      sim.removeCard();
      await gone;
    }
    sim.placeCard(citizen.key);
    await reading;
    this.cardOn = true;
    return 'card';
  }

  /**
   * Ask for a submission's receipt now (the host checks it belongs to this session at once, then
   * waits for the printer); the walk goes on while it prints. A failure fails receiptsPrinted().
   */
  printReceipt(serviceId: string, submissionId: string | null): void {
    const job = this.call<{ jobId: string }>('printer.printReceipt', { serviceId, submissionId }).then(
      (r) => void this.printed.add(r.jobId),
      (e: unknown) => {
        throw new Error(`${serviceId}: the receipt did not print: ${(e as Error).message}`);
      },
    );
    this.printing = Promise.all([this.printing, job]).then(() => undefined);
    // Observed here so a failure waits for receiptsPrinted() instead of being an unhandled rejection.
    job.catch(() => undefined);
  }

  async receiptsPrinted(): Promise<void> {
    await this.printing;
  }

  /** Walk one service to its done step; throws naming the step that failed. */
  async walk(def: ServiceDefinition, citizen: DemoCitizen): Promise<Walked> {
    const data: Record<string, string> = {};
    const out: Walked = { serviceId: def.id, submissionId: null, faceWalkedElsewhere: false };
    let by: 'app' | 'card' | null = null;
    let license: string | null = null;
    for (const step of def.steps) {
      try {
        switch (step.type) {
          case 'identify':
            by = await this.identify(step, citizen);
            break;
          case 'form':
            step.fields.forEach((f, i) => {
              if (!f.prefill) data[f.name] = valueFor(f, i);
            });
            break;
          case 'lookup': {
            const params = Object.fromEntries(step.params.map((p) => [p, data[p] ?? '']));
            const r = await this.call<{ notFound: boolean; summary: Record<string, unknown> }>('lookup.query', { serviceId: def.id, stepId: step.id, params });
            assert.equal(r.notFound, false);
            for (const k of step.summary) assert.ok(k.key in r.summary, `summary key ${k.key}`);
            break;
          }
          case 'verify-face': {
            // The app's login stands in where the step allows it; a card holder's live check needs the
            // real face models (a minute on this machine), so those services are walked in face-desk.test.ts.
            const r = await this.call<{ allowed: boolean }>('face.skip', { serviceId: def.id, stepId: step.id, reason: by === 'app' ? 'identified-by-app' : 'declined' });
            if (!r.allowed) {
              await assert.rejects(this.call('submission.submit', { serviceId: def.id, data }), { code: 'forbidden' });
              return { ...out, faceWalkedElsewhere: true };
            }
            break;
          }
          case 'sign':
            await this.call('signature.submit', { serviceId: def.id, stepId: step.id, pngBase64: signaturePng(), strokes: 3 });
            break;
          case 'license-lookup':
            license = data[step.usccField]!;
            await this.call('license.lookup', { serviceId: def.id, uscc: license });
            break;
          case 'license-print':
            await this.call('license.print', { serviceId: def.id, uscc: license, copy: 'duplicate', copies: 1 });
            break;
          case 'submit': {
            const r = await this.call<{ id: string }>('submission.submit', { serviceId: def.id, data, withIdentity: step.withIdentity });
            out.submissionId = r.id;
            break;
          }
          case 'print-receipt':
            // An optional receipt (a lookup's) is skipped, as a citizen may.
            if (!step.optional) this.printReceipt(def.id, out.submissionId);
            break;
          case 'print-ticket':
            await this.call('printer.printTicket', { serviceId: def.id, queue: data[step.queueField] });
            break;
          case 'calculate': {
            const answers = Object.fromEntries(step.questions.map((q) => [q.name, q.options[0]!.value]));
            evaluatePolicy(policyEnvironment(step.questions), step.rules, answers);
            break;
          }
          case 'evaluate':
            await this.call('evaluation.submit', { serviceId: def.id, caseId: out.submissionId, rating: 5 });
            break;
          case 'notice':
          case 'confirm':
          case 'done':
            break;
        }
      } catch (e) {
        assert.fail(`${def.id}: step ${step.id} (${step.type}) with ${citizen.key}: ${(e as Error).message}`);
      }
    }
    return out;
  }
}

/** A few strokes of ink, enough for the signature desk's check. */
export function signaturePng(): string {
  const pad = new PNG({ width: 400, height: 160 });
  for (let x = 40; x < 360; x++) for (let t = -3; t <= 3; t++) pad.data.set([0, 0, 0, 255], ((80 + Math.round(30 * Math.sin(x / 20)) + t) * 400 + x) * 4);
  return PNG.sync.write(pad).toString('base64');
}
