import createDebug from 'debug';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import { activeMembers, buildMergedForm, type MergedForm } from '../../../contracts/bundle-form.js';
import { bundleMaterialScope } from '../../../contracts/bundle-materials.js';
import type { ECertificate } from '../../../contracts/bundle-protocol.js';
import { shortCaseNumber } from '../../../contracts/case-number.js';
import type { KioskConfig } from '../../../contracts/config.js';
import type { FieldGroupDef } from '../../../contracts/data-dictionary.js';
import { KioskError } from '../../../contracts/errors.js';
import type { MaterialAttachment } from '../../../contracts/materials.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { BackendClient } from '../backend-client.js';
import type { FaceDesk } from '../identity/face-desk.js';
import { identityValue } from '../submission/prefill.js';
import type { SessionSubmissions } from '../submission/session-submissions.js';
import type { SignatureDesk } from '../identity/signature-desk.js';
import type { MaterialsDesk } from '../materials/materials-desk.js';
import type { QueueService } from '../queue-service.js';
import type { Session } from '../session.js';
import { bundleReceipt } from '../../../documents/receipts/bundle-receipt.js';

const debug = createDebug('kiosk:bundles');

/** What the bundle handlers need (the host's composition root hands them over). */
export interface BundleDeps {
  config: Pick<KioskConfig, 'kioskId' | 'hall'>;
  hub: Pick<DeviceHub, 'receiptPrinter'>;
  queue: Pick<QueueService, 'enqueueBundle' | 'online' | 'outbox'>;
  session: Pick<Session, 'current'>;
  backend: Pick<BackendClient, 'post' | 'reachable'>;
  services: readonly ServiceDefinition[];
  catalogBundles: { bundles: BundleDefinition[]; fieldGroups: FieldGroupDef[] };
  faces: Pick<FaceDesk, 'verificationFor'>;
  signatures: Pick<SignatureDesk, 'attachmentFor' | 'taken'>;
  /** The document camera's pages: a material captured once goes into every member that needs it. */
  materials: Pick<MaterialsDesk, 'bundleAttachments' | 'taken'>;
  /** This session's submissions: a bundle's members are recorded there too (their outcome and receipt are the session's). */
  submissions: Pick<SessionSubmissions, 'record' | 'has'>;
  countService(): void;
}

type BundleMethod = 'bundle.submit' | 'bundle.outcome' | 'bundle.printReceipt' | 'ecert.check';
export type BundleHandlers = HandlerTable<BundleMethod>;

/** The e-certificate question is asked while the citizen waits on the materials step: short. */
const ECERT_TIMEOUT_MS = 4000;

/** A bundle submitted in this session, for its receipt (ids and the materials' routes only). */
interface SessionBundle {
  bundle: BundleDefinition;
  form: MergedForm;
  ids: { serviceId: string; id: string }[];
  at: Date;
  online: boolean;
  materials: { type: string; via: string }[];
}

/**
 * Which members must take part is decided here again, from the definition and the answers: the
 * renderer cannot drop a required member nor slip in one whose condition does not hold.
 */
function checkMembers(bundleId: string, form: ReturnType<typeof buildMergedForm>, members: { serviceId: string; data: Record<string, string> }[]): void {
  // The answers as the merged form holds them: a shared field under its key, a member's own under `<service>.<name>`.
  const answers: Record<string, string> = {};
  for (const m of members) for (const [k, v] of Object.entries(m.data)) if (!(k in answers)) answers[k] = v;
  const expected = activeMembers(form, answers).map((m) => m.service.id);
  const given = members.map((m) => m.serviceId);
  if (expected.join(',') !== given.join(',')) {
    throw new KioskError('bad-request', `bundle.submit: ${bundleId} takes the members [${expected.join(', ')}] for these answers, not [${given.join(', ')}]`);
  }
}

/** `bundle.submit`, `bundle.outcome`, `bundle.printReceipt` and `ecert.check`, spread into the host's handler map. */
export function createBundleHandlers(host: BundleDeps): BundleHandlers {
  const submitted = new Map<string, SessionBundle>();
  /** A bundle of this session: every member still among the session's submissions (cleared at session end). */
  const ofSession = (bundleSubmissionId: string): SessionBundle => {
    const b = submitted.get(bundleSubmissionId);
    if (!b || !b.ids.every((m) => host.submissions.has(m.id))) {
      submitted.delete(bundleSubmissionId);
      throw new KioskError('not-found', 'no bundle of this session with that id');
    }
    return b;
  };
  const bundleNamed = (id: string): BundleDefinition => {
    const b = host.catalogBundles.bundles.find((x) => x.id === id);
    if (!b) throw new KioskError('bad-request', `no bundle "${id}" in the catalog`);
    return b;
  };

  return {
    'bundle.submit': async (p) => {
      const bundle = bundleNamed(p.bundle);
      const identity = host.session.current();
      if (!identity) throw new KioskError('bad-request', 'bundle.submit: the citizen has not identified in this session');
      const chosen = new Set(p.members.map((m) => m.serviceId));
      const form = buildMergedForm(bundle, host.services as ServiceDefinition[], { groups: host.catalogBundles.fieldGroups, chosen });
      checkMembers(bundle.id, form, p.members);
      const verification = form.face ? host.faces.verificationFor(form.face.serviceId) : null;
      const signature = form.sign ? host.signatures.attachmentFor(form.sign.serviceId) : null;
      if (form.sign && !signature) throw new KioskError('bad-request', `${bundle.id}: a member needs the citizen's hand signature before the bundle is submitted`);
      const needed = new Set(form.materials.map((m) => m.material.type));
      const captured = await host.materials.bundleAttachments(
        bundle.id,
        p.materials.filter((m) => m.via === 'camera' && needed.has(m.type)).map((m) => m.type),
      );
      const members = form.members
        .filter((m) => chosen.has(m.service.id))
        .map((m) => memberPayload(m.service, p.members.find((x) => x.serviceId === m.service.id)!.data, { identity, verification, signature, materials: p.materials, captured }));
      const { bundleId, ids } = await host.queue.enqueueBundle(bundle.id, members);
      if (signature && form.sign) host.signatures.taken(form.sign.serviceId);
      // Stored sealed in every member that needs them: the desk's plain copies go.
      host.materials.taken(bundleMaterialScope(bundle.id));
      const online = host.queue.online() && (await host.backend.reachable());
      const at = new Date();
      const list = members.map((m, i) => ({ serviceId: m.serviceId, id: ids[i]! }));
      for (const m of list) {
        host.submissions.record(m.id, { serviceId: m.serviceId, at, online });
        host.countService();
      }
      submitted.set(bundleId, { bundle, form, ids: list, at, online, materials: p.materials });
      return { bundleSubmissionId: bundleId, online, members: list.map((m) => ({ ...m, caseNumber: shortCaseNumber(m.id, host.config.kioskId) })) };
    },

    'bundle.outcome': async (p) => {
      const b = ofSession(p.bundleSubmissionId);
      const rows = host.queue.outbox.bundleOutcome(p.bundleSubmissionId);
      return {
        members: b.ids.map((m) => {
          const r = rows.find((x) => x.id === m.id);
          return { serviceId: m.serviceId, id: m.id, state: r?.state ?? 'done', receiptNo: r?.receiptNo ?? null, refused: r?.state === 'dead' };
        }),
      };
    },

    'bundle.printReceipt': async (p, signal) => {
      const b = ofSession(p.bundleSubmissionId);
      const identity = host.session.current();
      const doc = bundleReceiptOf(b, identity?.name ?? '', host.config, p.locale);
      const out = await host.hub.receiptPrinter.service.print(doc, { timeoutMs: 30_000, signal });
      return { jobId: out.jobId };
    },

    'ecert.check': async (p, signal) => {
      const identity = host.session.current();
      if (!identity) throw new KioskError('bad-request', 'ecert.check: the citizen has not identified in this session');
      try {
        const r = await host.backend.post<{ certificates?: unknown }>('/v1/e-certificates', { idNumber: identity.idNumber, materials: p.materials }, AbortSignal.any([signal, AbortSignal.timeout(ECERT_TIMEOUT_MS)]));
        return { online: true, certificates: certificatesOf(r.body.certificates, p.materials) };
      } catch (e) {
        // Unreachable, slow, failing or without the call: the materials step asks for the paper as usual.
        if (!(e instanceof KioskError)) throw e;
        debug('e-certificates not available: %s %s', e.code, e.message);
        return { online: false, certificates: [] };
      }
    },
  };
}

type Identity = NonNullable<ReturnType<Session['current']>>;
type Verification = ReturnType<FaceDesk['verificationFor']>;
type Signature = ReturnType<SignatureDesk['attachmentFor']>;

/**
 * One member's submission: its own form fields (prefilled ones from the card), the identity, the
 * face check (a required one must have passed), the signature and the routes of the materials it needs.
 */
function memberPayload(def: ServiceDefinition, sent: Record<string, string>, shared: { identity: Identity; verification: Verification; signature: Signature; materials: { type: string; via: string }[]; captured: ReadonlyMap<string, MaterialAttachment> }) {
  const { identity, verification, signature } = shared;
  const data: Record<string, unknown> = {};
  for (const step of def.steps) {
    if (step.type !== 'form') continue;
    // Only the member's own fields go to its department; prefilled ones from the card.
    for (const f of step.fields) data[f.name] = f.prefill ? identityValue(identity, f.prefill) : (sent[f.name] ?? null);
  }
  const payload: Record<string, unknown> = { data, identity: { cardType: identity.cardType, name: identity.name, idNumber: identity.idNumber } };
  for (const step of def.steps) {
    if (step.type !== 'verify-face') continue;
    const v = verification?.outcome;
    const ok = v === 'passed' || (v === 'identified-by-app' && step.acceptAppIdentity);
    if (step.policy === 'required' && !ok) throw new KioskError('forbidden', `${def.id}: the face check (人证核验) has not passed in this session`);
    if (verification) payload.identityVerification = verification;
  }
  if (signature && def.steps.some((s) => s.type === 'sign')) payload.signature = signature;
  const needs = new Set(def.materials.map((x) => x.type));
  const materials = shared.materials.filter((x) => needs.has(x.type));
  if (materials.length) payload.materialRoutes = materials;
  // A material photographed once for the bundle: the same PDF in every member that needs it.
  const pdfs = materials.flatMap((x) => shared.captured.get(x.type) ?? []);
  if (pdfs.length) payload.materials = pdfs;
  return { serviceId: def.id, payload };
}

/** The bundle's one receipt: each member's department, case number and next step, and how each material was given. */
function bundleReceiptOf(b: SessionBundle, applicantName: string, config: BundleDeps['config'], locale: 'zh-CN' | 'en') {
  return bundleReceipt({
    hallName: config.hall.name,
    bundleName: b.bundle.name[locale],
    at: b.at,
    kioskId: config.kioskId,
    applicantName,
    locale,
    timeZone: config.hall.timeZone,
    savedOffline: !b.online,
    members: b.ids.map((m) => {
      const member = b.form.members.find((x) => x.service.id === m.serviceId)!;
      const done = member.service.steps.find((s) => s.type === 'done');
      return {
        department: member.service.department.name[locale],
        name: member.label[locale],
        caseNumber: shortCaseNumber(m.id, config.kioskId),
        next: done?.type === 'done' && done.message ? done.message[locale] : null,
      };
    }),
    materials: b.form.materials.map((x) => ({ name: x.material.name[locale], via: b.materials.find((y) => y.type === x.material.type)?.via ?? 'paper' })),
  });
}

/** Only well-formed entries for the types asked, with short texts: the back end's answer is input too. */
function certificatesOf(v: unknown, asked: readonly string[]): ECertificate[] {
  if (!Array.isArray(v)) return [];
  const out: ECertificate[] = [];
  for (const c of v.slice(0, asked.length)) {
    const o = c as Record<string, unknown> | null;
    if (!o || typeof o.type !== 'string' || typeof o.name !== 'string' || typeof o.issuer !== 'string') continue;
    if (!asked.includes(o.type) || out.some((x) => x.type === o.type)) continue;
    out.push({ type: o.type, name: o.name.slice(0, 40), issuer: o.issuer.slice(0, 60) });
  }
  return out;
}
