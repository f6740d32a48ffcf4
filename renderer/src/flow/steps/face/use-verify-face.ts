import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaceDecision, FaceGuidance, FaceUnavailableReason } from '../../../../../contracts/identity.js';
import type { ResultOf } from '../../../../../contracts/protocol.js';
import { cameraPresent, grabFrame } from '../../../devices/camera.js';
import { useCamera, type CameraState } from '../../../devices/use-camera.js';
import { speak } from '../../../elderly/voice.js';
import { HostError, type HostClient } from '../../../host/client.js';
import { useConnection, useHost } from '../../../host/host-context.js';
import { useLocalized } from '../../../i18n/localize.js';
import { isCancelled } from '../../error-text.js';
import type { StepProps } from '../../step-props.js';
import { cameraUnavailable, failureKey, guidanceKey, GuidanceVoice, skipReason, type FaceUnavailable } from './face-text.js';

export type Begin = ResultOf<'face.begin'>;
export type FacePhase =
  | { k: 'begin' }
  | { k: 'unavailable'; why: FaceUnavailable | 'required' }
  | { k: 'skipping'; reason: FaceUnavailableReason | 'declined'; why: FaceUnavailable | null }
  | { k: 'live'; begin: Begin }
  | { k: 'decided'; decision: FaceDecision; maxAttempts: number }
  | { k: 'error'; error: unknown }
  | { k: 'ticket' };

export interface LiveView {
  guidance: FaceGuidance | null;
  progress: number;
  box: [number, number, number, number] | null;
  /** The frame's size the box is in (the overlay's coordinate system). */
  frame: { width: number; height: number };
}

/** Seconds after the try's own timeout before the screen gives up on a host that sent no decision. */
const HOST_GRACE_SEC = 8;
/** A camera that has not opened by then counts as faulty. */
const CAMERA_OPEN_MS = 15_000;
/** How long "passed" stays on screen before the flow goes on. */
const PASSED_MS = 1500;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(id), resolve()), { once: true });
  });

interface TryContext {
  host: HostClient;
  attemptId: string;
  begin: Begin;
  videoRef: MutableRefObject<HTMLVideoElement | null>;
  canvasRef: MutableRefObject<HTMLCanvasElement | null>;
  signal: AbortSignal;
  /** Each answer the host gives to a frame (guidance, progress, face box). */
  onView(view: LiveView, guidance: FaceGuidance): void;
}

/** The try: one frame in flight at a time, at most maxFps a second, until the host decides (or the signal ends it). */
async function runTry({ host, attemptId, begin, videoRef, canvasRef, signal, onView }: TryContext): Promise<FaceDecision | null> {
  const gapMs = 1000 / Math.max(0.5, begin.maxFps);
  while (!signal.aborted) {
    const started = performance.now();
    const video = videoRef.current;
    const canvas = canvasRef.current;
    const frame = video && canvas ? await grabFrame(video, canvas) : null;
    if (frame && !signal.aborted) {
      let r: ResultOf<'face.frame'> | null = null;
      try {
        r = await host.call('face.frame', { attemptId, jpegBase64: frame.jpegBase64 }, { signal });
      } catch (e) {
        // busy: the host is still on an earlier frame; this one is dropped, not resent.
        if (!(e instanceof HostError && e.code === 'busy')) throw e;
      }
      if (r && !signal.aborted) {
        onView({ guidance: r.guidance, progress: r.progress, box: r.box, frame: { width: frame.width, height: frame.height } }, r.guidance);
        if (r.decision) return r.decision;
      }
    }
    await sleep(Math.max(0, gapMs - (performance.now() - started)), signal);
  }
  return null;
}

/** Begin (again) each round: is there a camera, and can the host check this citizen here? */
function useFaceBegin(round: number, phase: FacePhase, start: (r: Begin, hasCamera: boolean) => void, fail: (e: unknown) => void, cannotCheck: (why: FaceUnavailable) => void, ref: { serviceId: string; stepId: string }) {
  const host = useHost();
  const cameraConfig = useConnection().info?.camera ?? null;
  useEffect(() => {
    if (phase.k !== 'begin') return;
    const ac = new AbortController();
    void (async () => {
      const hasCamera = await cameraPresent(cameraConfig);
      if (ac.signal.aborted) return;
      const r = await host.call('face.begin', { ...ref, camera: hasCamera }, { signal: ac.signal });
      if (ac.signal.aborted) return;
      start(r, hasCamera);
    })().catch((e: unknown) => {
      if (ac.signal.aborted || isCancelled(e)) return;
      // A host without a face engine answers not-available: the same as "the check is unavailable here".
      if (e instanceof HostError && e.code === 'not-available') cannotCheck('engine-unavailable');
      else fail(e);
    });
    return () => ac.abort();
  }, [round]);
}

/** Skip (optional step, no camera or the citizen declined; or identified by the app): the host records it and says whether that is allowed. */
function useFaceSkip(phase: FacePhase, setPhase: (p: FacePhase) => void, next: () => void, ref: { serviceId: string; stepId: string }) {
  const host = useHost();
  useEffect(() => {
    if (phase.k !== 'skipping') return;
    const ac = new AbortController();
    host.call('face.skip', { ...ref, reason: phase.reason }, { signal: ac.signal }).then(
      (r) => {
        if (ac.signal.aborted) return;
        if (r.allowed) next();
        // The host keeps the check: a reason it could not run here, or (declined) simply that it is needed.
        else setPhase({ k: 'unavailable', why: phase.why ?? 'required' });
      },
      (e: unknown) => !ac.signal.aborted && !isCancelled(e) && setPhase({ k: 'error', error: e }),
    );
    return () => ac.abort();
  }, [phase]);
}

/** The try's frame loop once the camera is open; a host that never decides ends as a timeout error. */
function useFaceTry(phase: FacePhase, camera: CameraState, refs: Pick<TryContext, 'videoRef' | 'canvasRef'>, setPhase: (p: FacePhase) => void, onView: TryContext['onView']) {
  const host = useHost();
  const attemptId = phase.k === 'live' ? phase.begin.attemptId : null;
  useEffect(() => {
    if (phase.k !== 'live' || camera.k !== 'open' || !attemptId) return;
    const ac = new AbortController();
    const begin = phase.begin;
    // The host decides the timeout; this only ends a try whose decision never came.
    const stuck = setTimeout(() => {
      ac.abort();
      setPhase({ k: 'error', error: new HostError({ code: 'timeout', message: 'no face decision from the host', retryable: true }) });
    }, (begin.timeoutSec + HOST_GRACE_SEC) * 1000);
    runTry({ host, attemptId, begin, ...refs, signal: ac.signal, onView })
      .then((decision) => decision && setPhase({ k: 'decided', decision, maxAttempts: begin.maxAttempts }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted && !isCancelled(e)) setPhase({ k: 'error', error: e });
      })
      .finally(() => clearTimeout(stuck));
    return () => {
      ac.abort();
      clearTimeout(stuck);
    };
  }, [attemptId, camera.k]);
}

/** The outcome, said once; a pass moves on after a moment. */
function useFaceOutcome(phase: FacePhase, next: () => void, say: (text: string) => void) {
  const { t } = useTranslation();
  useEffect(() => {
    if (phase.k !== 'decided') return;
    const d = phase.decision;
    if (d.passed) {
      say(t('face.passedSay'));
      const id = setTimeout(() => next(), PASSED_MS);
      return () => clearTimeout(id);
    }
    const why = t(failureKey(d.failure ?? 'timeout'));
    say(`${why} ${d.attemptsLeft > 0 ? t('face.tryAgain', { count: d.attemptsLeft }) : t('face.noMoreTries')}`);
    return undefined;
  }, [phase]);
}

/**
 * The face step's state: the phase (begin, live try, decided, skipping, unavailable, error,
 * ticket), the host's latest guidance for the live view, and the camera. The camera is on only
 * while a try runs; guidance is spoken when it changes.
 */
export function useVerifyFace({ def, step, next, onBusy }: StepProps<'verify-face'>) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const cameraConfig = useConnection().info?.camera ?? null;
  const [round, setRound] = useState(0);
  const [phase, setPhase] = useState<FacePhase>({ k: 'begin' });
  const [view, setView] = useState<LiveView | null>(null);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const voice = useRef(new GuidanceVoice());
  const ref = { serviceId: def.id, stepId: step.id };
  const say = (text: string) => speak(text, locale, { always: true });

  // The host cannot check here: an app-identified citizen or an optional step goes on (the skip is recorded), a required one stops.
  const cannotCheck = (why: FaceUnavailable) => {
    if (why === 'identified-by-app' || step.policy === 'optional') setPhase({ k: 'skipping', reason: skipReason(why), why });
    else setPhase({ k: 'unavailable', why });
  };

  const live = phase.k === 'live';
  const camera = useCamera(cameraConfig, live, videoRef);

  // The idle countdown pauses while the host or the camera works: nobody touches the screen during a try.
  const working = phase.k === 'begin' || phase.k === 'skipping' || phase.k === 'live';
  useEffect(() => {
    onBusy(working);
  }, [working]);
  useEffect(() => () => onBusy(false), []);

  const start = (r: Begin, hasCamera: boolean) => {
    if (!r.available || !r.attemptId) return cannotCheck(r.reason ?? (hasCamera ? 'engine-unavailable' : 'no-camera'));
    voice.current.reset();
    setView(null);
    setPhase({ k: 'live', begin: r });
  };
  useFaceBegin(round, phase, start, (error) => setPhase({ k: 'error', error }), cannotCheck, ref);
  useFaceSkip(phase, setPhase, next, ref);

  // A camera that does not open is a missing camera for the step's policy; nor may a camera that never answers hold the screen (the idle countdown is paused).
  useEffect(() => {
    if (live && camera.k === 'failed') cannotCheck(cameraUnavailable(camera.reason));
    if (!live || camera.k !== 'opening') return;
    const id = setTimeout(() => cannotCheck('camera-error'), CAMERA_OPEN_MS);
    return () => clearTimeout(id);
  }, [live, camera.k]);

  useFaceTry(phase, camera, { videoRef, canvasRef }, setPhase, (v, guidance) => {
    setView(v);
    if (voice.current.next(guidance, Date.now())) say(t(guidanceKey(guidance)));
  });
  useFaceOutcome(phase, next, say);

  return {
    phase,
    view,
    camera,
    videoRef,
    canvasRef,
    locale,
    optional: step.policy === 'optional',
    retry: () => {
      setPhase({ k: 'begin' });
      setRound((r) => r + 1);
    },
    decline: () => setPhase({ k: 'skipping', reason: 'declined', why: null }),
    toTicket: () => setPhase({ k: 'ticket' }),
  };
}

export type VerifyFaceState = ReturnType<typeof useVerifyFace>;
