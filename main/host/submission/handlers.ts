import { shortCaseNumber } from '../../../contracts/case-number.js';
import { KioskError } from '../../../contracts/errors.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { BackendClient } from '../backend-client.js';
import type { FaceDesk } from '../identity/face-desk.js';
import type { SignatureDesk } from '../identity/signature-desk.js';
import type { MaterialsDesk } from '../materials/materials-desk.js';
import type { QueueService } from '../queue-service.js';
import { serviceById } from '../service-catalog.js';
import type { Session } from '../session.js';
import { withPrefilledFields } from './prefill.js';
import type { SessionSubmissions } from './session-submissions.js';

export interface SubmissionDeps {
  kioskId: string;
  services: readonly ServiceDefinition[];
  session: Pick<Session, 'current'>;
  submissions: SessionSubmissions;
  queue: Pick<QueueService, 'enqueue' | 'enqueueAsync' | 'online' | 'outbox'>;
  backend: Pick<BackendClient, 'reachable'>;
  faces: Pick<FaceDesk, 'requirementMet' | 'verificationFor'>;
  signatures: Pick<SignatureDesk, 'attachmentFor' | 'taken'>;
  /** Paper materials: one PDF per capture-documents step, in the (sealed) body. */
  materials: Pick<MaterialsDesk, 'attachmentsFor' | 'taken'>;
  /** Counts one service used (fleet telemetry: counts only). */
  countService(): void;
}

type SubmissionMethod = 'submission.submit' | 'submission.outcome' | 'evaluation.submit';

/** 好差评 levels by rating 1–5, as the national evaluation system names them. */
const EVALUATION_LEVELS = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'];

/**
 * The service definition a submission is for: only a service of the catalog with a submit step takes
 * one, otherwise a made-up id would carry the citizen's name and number past every face and signature
 * check its definition has.
 */
function submittable(services: readonly ServiceDefinition[], serviceId: string): ServiceDefinition {
  const def = services.find((s) => s.id === serviceId);
  if (!def) throw new KioskError('bad-request', `submission.submit: no service "${serviceId.slice(0, 100)}" in the catalog`);
  if (!def.steps.some((s) => s.type === 'submit')) throw new KioskError('bad-request', `submission.submit: ${def.id} has no submit step`);
  return def;
}

/** `submission.submit`, `submission.outcome` and `evaluation.submit`: what the citizen hands in. */
export function createSubmissionHandlers(d: SubmissionDeps): HandlerTable<SubmissionMethod> {
  return {
    'submission.submit': async (p) => {
      const def = submittable(d.services, p.serviceId);
      // The definition decides whether the identity goes with it; the renderer can only leave it out.
      const withIdentity = p.withIdentity && def.steps.some((s) => s.type === 'submit' && s.withIdentity);
      const identity = d.session.current();
      if (withIdentity && !identity) throw new KioskError('bad-request', 'this service needs the citizen to identify first');
      const payload: Record<string, unknown> = { data: identity ? withPrefilledFields(def, identity, p.data) : p.data };
      if (withIdentity && identity) {
        payload.identity = { cardType: identity.cardType, name: identity.name, idNumber: identity.idNumber };
      }
      // Identity assurance: the host adds what it decided and what was signed; the
      // renderer cannot forge or leave out either, nor submit past a required face check.
      if (!d.faces.requirementMet(def)) throw new KioskError('forbidden', `${def.id}: the face check (人证核验) has not passed in this session`);
      const verification = d.faces.verificationFor(p.serviceId);
      if (verification) payload.identityVerification = verification;
      const signature = d.signatures.attachmentFor(p.serviceId);
      if (signature) payload.signature = signature;
      else if (def.steps.some((s) => s.type === 'sign')) {
        // The authorisation is the point of a sign step: a submission without it is not one the back end can act on.
        throw new KioskError('bad-request', `${p.serviceId}: this service needs the citizen's hand signature (its sign step) before it is submitted`);
      }
      const materials = await d.materials.attachmentsFor(def);
      if (materials.length > 0) payload.materials = materials;
      // Sealed off the event loop: the body may carry MB of paper materials.
      const id = await d.queue.enqueueAsync(p.serviceId, payload);
      // Stored sealed with the body now: the desks' plain copies go.
      if (signature) d.signatures.taken(p.serviceId);
      d.materials.taken(p.serviceId);
      d.countService();
      // The short, checkable number the citizen reads and the receipt prints. It is derived from the
      // UUID (which stays the idempotency key), so the back end can derive it too (contracts/case-number.ts).
      const caseNumber = shortCaseNumber(id, d.kioskId);
      // Stored either way; "online" only decides the wording (and the receipt's offline note):
      // the sync worker's state says nothing until it has tried, so ask the back end directly.
      const online = d.queue.online() && (await d.backend.reachable());
      d.submissions.record(id, { serviceId: p.serviceId, at: new Date(), online });
      return { id, queued: true as const, online, caseNumber };
    },
    'submission.outcome': async (p) => {
      // Only this citizen's own submissions: the next one must not learn another's receipt number.
      const outcome = d.submissions.has(p.id) ? d.queue.outbox.outcome(p.id) : null;
      if (!outcome) throw new KioskError('not-found', 'no submission of this session with that id');
      return outcome;
    },
    'evaluation.submit': async (p) => {
      serviceById(d.services, p.serviceId);
      // 好差评 is voluntary and the evaluator's data is protected (GB/T 39734): no identity goes with it.
      const level = EVALUATION_LEVELS[p.rating];
      const id = d.queue.enqueue('evaluation', { serviceId: p.serviceId, caseId: p.caseId, rating: p.rating, level, reasons: p.reasons, comment: p.comment, channel: 'self-service-terminal' });
      return { id };
    },
  };
}
