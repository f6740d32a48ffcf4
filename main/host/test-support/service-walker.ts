import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import { activeMembers, buildMergedForm, memberData } from '../../../contracts/bundle-form.js';
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
  /**
   * A step the walk cannot pass quickly, so the service is walked by its own test: a required face
   * check with a card (the real face models, face-desk.test.ts) or pages from the document camera
   * (processed by OpenCV, materials-desk.test.ts and id-copy.test.ts). The walk checks the host refuses it without them.
   */
  walkedElsewhere: 'face' | 'document-camera' | null;
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

  /** The case number of the last submission this walker made, for the status query. */
  private lastCase: { serviceId: string; caseNumber: string } | null = null;

  async receiptsPrinted(): Promise<void> {
    await this.printing;
  }

  /** Walk one service to its done step; throws naming the step that failed. */
  async walk(def: ServiceDefinition, citizen: DemoCitizen): Promise<Walked> {
    const data: Record<string, string> = {};
    const out: Walked = { serviceId: def.id, submissionId: null, walkedElsewhere: null };
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
              return { ...out, walkedElsewhere: 'face' };
            }
            break;
          }
          case 'capture-documents': {
            // Without pages the host refuses what the pages were for: the submission, or the ID card copy.
            const copy = def.steps.find((s) => s.type === 'print-id-copy' && s.captureStep === step.id);
            const refused = copy ? this.call('materials.printIdCopy', { serviceId: def.id, stepId: copy.id, purpose: '测试' }) : this.call('submission.submit', { serviceId: def.id, data });
            await assert.rejects(refused, { code: 'bad-request' });
            return { ...out, walkedElsewhere: 'document-camera' };
          }
          case 'print-id-copy':
            break;
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
            const r = await this.call<{ id: string; caseNumber: string }>('submission.submit', { serviceId: def.id, data, withIdentity: step.withIdentity });
            out.submissionId = r.id;
            this.lastCase = { serviceId: def.id, caseNumber: r.caseNumber };
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
          case 'case-status': {
            // The form's made-up value is no case number; the last case this walker submitted is found.
            const typed = await this.call<{ valid: boolean }>('case.status', { caseNumber: data[step.field] ?? '' });
            assert.equal(typed.valid, false);
            if (this.lastCase) {
              const r = await this.call<{ valid: boolean; members: { serviceId: string }[] }>('case.status', { caseNumber: this.lastCase.caseNumber });
              assert.deepEqual(r.members.map((m) => m.serviceId), [this.lastCase.serviceId]);
            }
            break;
          }
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

/** What walking a bundle left behind: one submission id per member that took part. */
export interface WalkedBundle {
  bundleId: string;
  bundleSubmissionId: string;
  members: { serviceId: string; id: string }[];
}

/**
 * Walk a life-event bundle as its flow does: one identify, the merged form filled once (each
 * dictionary field one value, `override` for answers a test chooses), the materials each once (by
 * e-certificate where the back end has one, else paper), one signature where a member needs it,
 * every member that takes part for these answers submitted in one go, the one receipt.
 */
export async function walkBundle(walker: ServiceWalker, host: Host, bundle: BundleDefinition, citizen: DemoCitizen, override: Record<string, string> = {}): Promise<WalkedBundle> {
  const form = buildMergedForm(bundle, host.services, { groups: host.catalogBundles.fieldGroups });
  const where = (what: string) => `${bundle.id}: ${what} with ${citizen.key}`;
  try {
    const accept = form.accept.filter((a) => a !== 'sscard');
    await walker.identify({ id: 'identify', type: 'identify', method: 'idcard', accept, optional: false }, citizen);
  } catch (e) {
    assert.fail(where(`identify: ${(e as Error).message}`));
  }
  const answers: Record<string, string> = {};
  form.fields.forEach((f, i) => {
    if (!f.field.prefill) answers[f.key] = valueFor(f.field, i);
  });
  Object.assign(answers, override);
  const members = activeMembers(form, answers).map((m) => m.service.id);
  if (form.face) {
    const r = await walker.call<{ allowed: boolean }>('face.skip', { serviceId: form.face.serviceId, stepId: form.face.step.id, reason: 'declined' });
    assert.ok(r.allowed, where('a required face check in a bundle is not walked here'));
  }
  if (form.sign) await walker.call('signature.submit', { serviceId: form.sign.serviceId, stepId: form.sign.step.id, pngBase64: signaturePng(), strokes: 3 });
  const types = form.materials.map((m) => m.material.type);
  const ecert = types.length ? await walker.call<{ certificates: { type: string }[] }>('ecert.check', { materials: types }) : { certificates: [] };
  const materials = types.map((type) => ({ type, via: ecert.certificates.some((c) => c.type === type) ? 'e-certificate' : 'paper' }));
  const r = await walker
    .call<{ bundleSubmissionId: string; members: { serviceId: string; id: string }[] }>('bundle.submit', {
      bundle: bundle.id,
      members: members.map((serviceId) => ({ serviceId, data: memberData(form, serviceId, answers) })),
      materials,
    })
    .catch((e: unknown) => assert.fail(where(`bundle.submit: ${(e as Error).message}`)));
  assert.deepEqual(r.members.map((m) => m.serviceId), members, where('the members submitted'));
  await walker.call('bundle.printReceipt', { bundleSubmissionId: r.bundleSubmissionId }).catch((e: unknown) => assert.fail(where(`the receipt: ${(e as Error).message}`)));
  return { bundleId: bundle.id, bundleSubmissionId: r.bundleSubmissionId, members: r.members };
}

/** A few strokes of ink, enough for the signature desk's check. */
export function signaturePng(): string {
  const pad = new PNG({ width: 400, height: 160 });
  for (let x = 40; x < 360; x++) for (let t = -3; t <= 3; t++) pad.data.set([0, 0, 0, 255], ((80 + Math.round(30 * Math.sin(x / 20)) + t) * 400 + x) * 4);
  return PNG.sync.write(pad).toString('base64');
}
