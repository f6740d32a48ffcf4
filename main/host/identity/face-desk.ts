import { randomInt, randomUUID } from 'node:crypto';
import createDebug from 'debug';
import type { KioskConfig } from '../../../contracts/config.js';
import { KioskError } from '../../../contracts/errors.js';
import { FaceChallenge, type FaceUnavailableReason, type IdentityVerification } from '../../../contracts/identity.js';
import type { HandlerTable, ResultOf } from '../../../contracts/protocol.js';
import type { ServiceDefinition, StepOf } from '../../../contracts/service-definition.js';
import { createPhotoDecoder, type PhotoDecoder } from '../../../drivers/idcard/index.js';
import type { Session } from '../session.js';
import type { CardTries } from './card-tries.js';
import { describeWanted } from './face-engine-types.js';
import { FaceEngine } from './face-engine.js';
import { loadFaceMatcher, type FaceMatcher } from './face-matcher.js';
import { FaceTry, LIVENESS_DEFAULTS } from './face-try.js';
import { decodeBmp } from './image-decode.js';

const log = createDebug('kiosk:face');

type FaceMethod = 'face.begin' | 'face.frame' | 'face.skip';
export type FaceHandlers = HandlerTable<FaceMethod>;
type ParamsOf<M extends FaceMethod> = Parameters<FaceHandlers[M]>[0];
type Decision = NonNullable<ReturnType<FaceTry['expire']>>;

export interface FaceDeskHost {
  readonly config: KioskConfig;
  readonly session: Session;
  readonly services: ServiceDefinition[];
  /** The audit log records each decision (no image, no descriptor, no name). */
  audit?(action: string, detail: Record<string, unknown>): void;
  /** Tries per card per hour across sessions (card-tries.ts); omitted: only the session's own count. */
  readonly cardTries?: CardTries;
}

/** Frames a second the renderer may send; the engine needs ~150 ms a frame on two cores. */
const MAX_FPS = 4;

interface Attempt {
  id: string;
  serviceId: string;
  stepId: string;
  face: FaceTry;
  matcher: FaceMatcher;
  challenge: FaceChallenge;
  deadline: number;
  busy: boolean;
}

/**
 * The face check (人证核验) of the session (docs/protocol.md §6): the ID photo is decoded and described
 * on the host, the renderer's frames are analysed in the face worker, and only the decision and its
 * score leave: to the renderer, the audit log and the submission. Everything else (photo, frames,
 * descriptors, landmarks) is personal data, held only during the try and dropped by {@link wipe}.
 */
export class FaceDesk {
  private verification: { serviceId: string; value: IdentityVerification } | null = null;
  private attempt: Attempt | null = null;
  private attempts = new Map<string, number>();
  private idEmbedding: { cardNumber: string; embedding: number[] } | null = null;
  private decoder: Promise<PhotoDecoder | null> | null = null;
  private matcherLoad: Promise<FaceMatcher> | null = null;
  /** Whose tries and decision these are: another card on the reader is another citizen. */
  private citizen: string | null = null;
  readonly engine: FaceEngine;

  constructor(
    private readonly host: FaceDeskHost,
    engine?: FaceEngine,
  ) {
    this.engine = engine ?? new FaceEngine();
  }

  /** The face match (`identity.face.engine`), loaded once; a load that failed is tried again next time. */
  matcher(): Promise<FaceMatcher> {
    if (!this.matcherLoad) {
      const f = this.host.config.identity.face;
      this.matcherLoad = loadFaceMatcher(f.engine, { timeoutMs: f.engineTimeoutMs });
      this.matcherLoad.catch(() => (this.matcherLoad = null));
    }
    return this.matcherLoad;
  }

  thresholdOf(m: FaceMatcher): number {
    return this.host.config.identity.face.threshold ?? m.threshold;
  }

  /** Whether this hall enforces a required check with this matcher (config `identity.face.requiredCheck`). */
  enforcesRequired(m: FaceMatcher): boolean {
    const policy = this.host.config.identity.face.requiredCheck;
    return policy === 'enforce' || (policy === 'auto' && m.measuredGood);
  }

  /** What the next submission of `serviceId` carries (set by the host, never by the renderer). */
  verificationFor(serviceId: string): IdentityVerification | null {
    if (this.citizen !== (this.host.session.current()?.idNumber ?? null)) return null;
    return this.verification?.serviceId === serviceId ? this.verification.value : null;
  }

  /**
   * Whether every required face check of `serviceId` has passed in this session (the host refuses
   * the submission otherwise). Every verify-face step is looked at, not only the first: an optional
   * step skipped before a required one must not stand in for it. (The catalog refuses a second
   * verify-face step at load; this holds even for a definition that did not come through it.)
   */
  requirementMet(def: ServiceDefinition): boolean {
    const required = def.steps.filter((s): s is StepOf<'verify-face'> => s.type === 'verify-face' && s.policy === 'required');
    if (required.length === 0) return true;
    const v = this.verificationFor(def.id)?.outcome;
    return required.every((step) => v === 'passed' || (v === 'identified-by-app' && step.acceptAppIdentity));
  }

  private photoDecoder(): Promise<PhotoDecoder | null> {
    if (!this.decoder) {
      const c = this.host.config;
      const path = c.identity.photoDecoder ?? (c.devices.idCardReader.transport === 'sim' ? 'sim' : undefined);
      this.decoder = createPhotoDecoder(path);
      // A decoder that fails to load is reported once per try, and tried again next time.
      this.decoder.catch(() => (this.decoder = null));
    }
    return this.decoder;
  }

  /** A different card read in the same session starts afresh (its tries, photo and decision are not the last citizen's). */
  private forCurrentCitizen(): void {
    const id = this.host.session.current()?.idNumber ?? null;
    if (id !== this.citizen) {
      this.wipe();
      this.citizen = id;
    }
  }

  private step(serviceId: string, stepId: string): StepOf<'verify-face'> {
    const def = this.host.services.find((s) => s.id === serviceId);
    const step = def?.steps.find((s) => s.id === stepId);
    if (!def || !step || step.type !== 'verify-face') throw new KioskError('bad-request', `${serviceId}: no verify-face step "${stepId}"`);
    return step;
  }

  private record(serviceId: string, value: IdentityVerification): void {
    this.verification = { serviceId, value };
    this.host.audit?.('face-check', { serviceId, method: value.method, outcome: value.outcome, score: value.score, threshold: value.threshold, liveness: value.liveness });
  }

  /** Why the check cannot run for the current identity, or null with the ID photo's descriptor ready. */
  private async prepare(matcher: FaceMatcher, signal: AbortSignal): Promise<FaceUnavailableReason | null> {
    const card = this.host.session.current();
    if (!card) throw new KioskError('bad-request', 'face.begin: the citizen has not identified in this session');
    if (this.host.session.source() === 'app') return 'identified-by-app';
    if (!card.photo) return 'no-photo';
    if (this.idEmbedding?.cardNumber === card.idNumber) return null;
    let decoder: PhotoDecoder | null;
    try {
      decoder = await this.photoDecoder();
    } catch {
      return 'no-decoder';
    }
    if (!decoder) return 'no-decoder';
    const decoded = await decoder.decode(Buffer.from(card.photo.base64, 'base64'), { timeoutMs: 5000, signal });
    const photo = decodeBmp(decoded.bmp, 1024);
    decoded.bmp.fill(0);
    let template: number[] | null;
    try {
      const faces = await this.engine.analyse(photo, signal, undefined, matcher.needsImage ? 'never' : 'always');
      const best = faces.sort((a, b) => b.score - a.score)[0];
      template = best ? await matcher.describe({ own: best.embedding, image: matcher.needsImage ? { ...photo, box: best.box } : null }, signal) : null;
      best?.embedding?.fill(0);
    } catch (e) {
      if (e instanceof KioskError && (e.code === 'cancelled' || e.code === 'busy')) throw e;
      log('face engine: %s', e instanceof Error ? e.message : String(e));
      return 'engine-unavailable';
    } finally {
      photo.rgb.fill(0);
    }
    if (!template) return 'no-photo';
    this.idEmbedding = { cardNumber: card.idNumber, embedding: template };
    return null;
  }

  handlers(): FaceHandlers {
    return {
      'face.begin': (p, signal) => this.begin(p, signal),
      'face.frame': (p, signal) => this.frame(p, signal),
      'face.skip': async (p) => this.skip(p),
    };
  }

  /** A new try: whether the check can run here at all, the citizen's tries left, then the challenge. */
  private async begin(p: ParamsOf<'face.begin'>, signal: AbortSignal): Promise<ResultOf<'face.begin'>> {
    const step = this.step(p.serviceId, p.stepId);
    this.forCurrentCitizen();
    const used = this.attempts.get(`${p.serviceId}/${p.stepId}`) ?? 0;
    const base = { attempt: used, maxAttempts: step.maxAttempts, timeoutSec: this.host.config.identity.face.attemptTimeoutSec, maxFps: MAX_FPS };
    // A citizen identified by the e-government app's QR code has no card photo; the app checked their face at login.
    let matcher: FaceMatcher | null = null;
    let reason: FaceUnavailableReason | null = this.host.session.source() === 'app' ? 'identified-by-app' : !p.camera ? 'no-camera' : null;
    if (!reason) {
      try {
        matcher = await this.matcher();
      } catch (e) {
        log('face engine %s: %s', this.host.config.identity.face.engine, e instanceof Error ? e.message : String(e));
        reason = 'engine-unavailable';
      }
    }
    // A required check with a match not measured good enough: the staffed window at once, not tries that turn honest people away.
    if (!reason && matcher && step.policy === 'required' && !this.enforcesRequired(matcher)) reason = 'engine-not-verified';
    if (!reason && matcher) reason = await this.prepare(matcher, signal);
    if (reason || !matcher) return { ...base, available: false, reason: reason ?? 'engine-unavailable', attemptId: null, challenge: null };
    const m = matcher;
    const threshold = this.thresholdOf(m);
    const card = this.host.session.current()!;
    const perCard = await this.host.cardTries?.state(card);
    if (perCard?.lockedUntilMs) throw lockedOut(perCard.lockedUntilMs);
    if (used >= step.maxAttempts) throw new KioskError('forbidden', 'no face-check tries left in this session: please go to a staffed window');
    const after = await this.host.cardTries?.add(card);
    if (after?.lockedUntilMs) {
      // One row when a card runs out (not one per refused try): numbers only, no card tag.
      this.host.audit?.('face-lockout', { serviceId: p.serviceId, tries: after.used, untilMs: after.lockedUntilMs, outcome: 'locked' });
      log('a card used its last face-check try of the hour; locked until %s', new Date(after.lockedUntilMs).toISOString());
    }
    this.dropAttempt();
    const challenge = FaceChallenge.options[randomInt(FaceChallenge.options.length)]!;
    const attempt: Attempt = {
      id: randomUUID(),
      serviceId: p.serviceId,
      stepId: p.stepId,
      challenge,
      deadline: Date.now() + this.host.config.identity.face.attemptTimeoutSec * 1000,
      busy: false,
      matcher: m,
      face: new FaceTry([...this.idEmbedding!.embedding], { threshold, challenge, ...LIVENESS_DEFAULTS, minContinuity: m.continuity }, (a, b) => m.compare(a, b, AbortSignal.timeout(this.host.config.identity.face.engineTimeoutMs * 2))),
    };
    this.attempts.set(`${p.serviceId}/${p.stepId}`, used + 1);
    this.attempt = attempt;
    return { ...base, attempt: used + 1, available: true, reason: null, attemptId: attempt.id, challenge };
  }

  /** One frame of the running try: the engine's view of it, and the decision once the try has one. */
  private async frame(p: ParamsOf<'face.frame'>, signal: AbortSignal): Promise<ResultOf<'face.frame'>> {
    const a = this.attempt;
    if (!a || a.id !== p.attemptId) throw new KioskError('not-found', 'no face-check try with that id (it ended or was replaced)');
    const step = this.step(a.serviceId, a.stepId);
    const used = this.attempts.get(`${a.serviceId}/${a.stepId}`) ?? 0;
    const finish = (d: Decision) => this.finish(a, d, used, step.maxAttempts);
    if (Date.now() > a.deadline) return { guidance: 'decided' as const, progress: 1, box: null, decision: finish(a.face.expire()) };
    if (a.busy) throw new KioskError('busy', 'still analysing the previous frame: drop this one', true);
    a.busy = true;
    const jpeg = Buffer.from(p.jpegBase64, 'base64');
    try {
      const when = a.face.describeWhen();
      const vendor = a.matcher.needsImage;
      const { width, height, faces, rgb } = await this.engine.analyseJpeg(jpeg, signal, vendor ? 'never' : when, vendor);
      try {
        if (this.attempt !== a) throw new KioskError('cancelled', 'the try ended');
        // A vendor engine describes the frames the try can use from the picture itself.
        if (vendor && rgb && faces.length === 1 && describeWanted(when, faces.length, faces[0]!.yaw)) {
          faces[0]!.embedding = await a.matcher.describe({ own: null, image: { width, height, rgb, box: faces[0]!.box } }, signal);
        }
      } finally {
        rgb?.fill(0);
      }
      const out = await a.face.onFrame(faces, width);
      for (const f of faces) f.embedding?.fill(0);
      return { guidance: out.guidance, progress: out.progress, box: out.box, decision: out.decision ? finish(out.decision) : null };
    } finally {
      jpeg.fill(0);
      a.busy = false;
    }
  }

  /** A try's decision: logged as numbers, recorded for the submission, the try's data wiped. */
  private finish(a: Attempt, d: Decision, used: number, maxAttempts: number) {
    const r = a.face.record();
    // Numbers only (no image, descriptor or name): what a technician needs to see why a try failed.
    log('try %d of %s: %s (score %s, threshold %s, %s, parallax %s, antispoof %s, live %s)', used, a.challenge, d.passed ? 'passed' : `failed: ${d.failure}`, d.score.toFixed(2), d.threshold, r.challengeDone ? 'turned' : 'did not turn', r.parallax?.toFixed(3) ?? '-', r.antispoof?.toFixed(2) ?? '-', r.live?.toFixed(2) ?? '-');
    this.record(a.serviceId, {
      method: 'face',
      engine: a.matcher.name,
      score: d.score,
      threshold: d.threshold,
      liveness: { challenge: a.challenge, passed: d.live, antispoof: round(r.antispoof), live: round(r.live) },
      outcome: d.passed ? 'passed' : 'failed',
      at: new Date().toISOString(),
    });
    a.face.wipe();
    if (this.attempt === a) this.attempt = null;
    return { ...d, attempt: used, attemptsLeft: d.passed ? 0 : Math.max(0, maxAttempts - used) };
  }

  /** The citizen goes on without the check (optional step, no camera, declined, or identified by the app): recorded, and whether that is allowed. */
  private skip(p: ParamsOf<'face.skip'>): ResultOf<'face.skip'> {
    const step = this.step(p.serviceId, p.stepId);
    this.forCurrentCitizen();
    if (!this.host.session.current()) throw new KioskError('bad-request', 'face.skip: the citizen has not identified in this session');
    const byApp = this.host.session.source() === 'app';
    if (p.reason === 'identified-by-app' && !byApp) throw new KioskError('bad-request', 'face.skip: the citizen identified with an ID card, not the app');
    const allowed = step.policy === 'optional' || (byApp && step.acceptAppIdentity);
    this.dropAttempt();
    const outcome = p.reason === 'declined' ? 'declined' : p.reason;
    this.record(p.serviceId, { method: 'skipped', score: null, threshold: null, liveness: null, outcome, at: new Date().toISOString() });
    return { recorded: true as const, allowed };
  }

  /**
   * The technician's camera check (diagnostics Camera entry): the faces the engine finds in one
   * frame, as boxes in the frame's pixels. Nothing is kept.
   */
  async probe(jpeg: Uint8Array, signal: AbortSignal): Promise<{ width: number; height: number; faces: { box: [number, number, number, number]; score: number }[]; ms: number }> {
    const started = performance.now();
    const { width, height, faces } = await this.engine.analyseJpeg(jpeg, signal, 'never');
    for (const f of faces) f.embedding?.fill(0);
    return { width, height, faces: faces.map((f) => ({ box: f.box, score: Math.round(f.score * 100) / 100 })), ms: Math.round(performance.now() - started) };
  }

  private dropAttempt(): void {
    this.attempt?.face.wipe();
    this.attempt = null;
  }

  /** Session end: every descriptor, landmark and decision goes. */
  wipe(): void {
    this.dropAttempt();
    this.idEmbedding?.embedding.fill(0);
    this.idEmbedding = null;
    this.verification = null;
    this.attempts.clear();
    this.citizen = null;
  }

  async dispose(): Promise<void> {
    this.wipe();
    await this.engine.dispose();
  }
}

/** A card with no tries left this hour (lifting and placing it again does not help). */
function lockedOut(untilMs: number): KioskError {
  const minutes = Math.max(1, Math.ceil((untilMs - Date.now()) / 60_000));
  return new KioskError('forbidden', `this ID card has used its face-check tries for the hour on this kiosk: please go to a staffed window (or try again in ${minutes} min)`);
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}
