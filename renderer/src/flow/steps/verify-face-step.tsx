import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaceDecision, FaceGuidance, FaceUnavailableReason } from '../../../../contracts/identity.js';
import type { QueueTicket, ResultOf } from '../../../../contracts/protocol.js';
import { cameraPresent, FRAME_EDGE, frameSize, grabFrame } from '../../devices/camera.js';
import { useCamera } from '../../devices/use-camera.js';
import { speak } from '../../elderly/voice.js';
import { HostError } from '../../host/client.js';
import { useConnection, useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { isCancelled } from '../error-text.js';
import { TicketDetails } from '../../components/ticket-details.js';
import type { StepProps } from '../step-props.js';
import { useCountdown } from '../use-countdown.js';
import { cameraUnavailable, failureKey, guidanceKey, GuidanceVoice, skipReason, unavailableKey, type FaceUnavailable } from './face-text.js';
import { StepError, Working } from './step-error.js';
import './verify-face.css';

type Begin = ResultOf<'face.begin'>;
type Phase =
  | { k: 'begin' }
  | { k: 'unavailable'; why: FaceUnavailable | 'required' }
  | { k: 'skipping'; reason: FaceUnavailableReason | 'declined'; why: FaceUnavailable | null }
  | { k: 'live'; begin: Begin }
  | { k: 'decided'; decision: FaceDecision; maxAttempts: number }
  | { k: 'error'; error: unknown }
  | { k: 'ticket' };

interface LiveView {
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

/**
 * 人证核验: the live face against the ID card's photo, decided on the host. The camera
 * is on only while a try runs; frames go to the host one at a time at most `maxFps` a second; the
 * host's guidance is shown large and spoken when it changes. Without a camera, decoder or photo a
 * required step offers a queue ticket for a staffed window, an optional one is skipped (recorded by
 * the host). After the last failed try: the staffed window.
 */
export function VerifyFaceStep({ def, step, next, record, onBusy, phone }: StepProps<'verify-face'>) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const host = useHost();
  const { info } = useConnection();
  const cameraConfig = info?.camera ?? null;
  const [round, setRound] = useState(0);
  const [phase, setPhase] = useState<Phase>({ k: 'begin' });
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

  // Begin (again): is there a camera, and can the host check this citizen here?
  useEffect(() => {
    if (phase.k !== 'begin') return;
    const ac = new AbortController();
    void (async () => {
      const hasCamera = await cameraPresent(cameraConfig);
      if (ac.signal.aborted) return;
      const r = await host.call('face.begin', { ...ref, camera: hasCamera }, { signal: ac.signal });
      if (ac.signal.aborted) return;
      if (!r.available || !r.attemptId) return cannotCheck(r.reason ?? (hasCamera ? 'engine-unavailable' : 'no-camera'));
      voice.current.reset();
      setView(null);
      setPhase({ k: 'live', begin: r });
    })().catch((e: unknown) => {
      if (ac.signal.aborted || isCancelled(e)) return;
      // A host without a face engine answers not-available: the same as "the check is unavailable here".
      if (e instanceof HostError && e.code === 'not-available') cannotCheck('engine-unavailable');
      else setPhase({ k: 'error', error: e });
    });
    return () => ac.abort();
  }, [round]);

  // Skip (optional step, no camera or the citizen declined; or identified by the app): the host records it and says whether that is allowed.
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

  // A camera that does not open is a missing camera for the step's policy; nor may a camera that never answers hold the screen (the idle countdown is paused).
  useEffect(() => {
    if (live && camera.k === 'failed') cannotCheck(cameraUnavailable(camera.reason));
    if (!live || camera.k !== 'opening') return;
    const id = setTimeout(() => cannotCheck('camera-error'), CAMERA_OPEN_MS);
    return () => clearTimeout(id);
  }, [live, camera.k]);

  // The try: one frame in flight at a time, at most maxFps a second, until the host decides.
  const attemptId = live ? phase.begin.attemptId : null;
  useEffect(() => {
    if (phase.k !== 'live' || camera.k !== 'open' || !attemptId) return;
    const ac = new AbortController();
    const { maxFps, timeoutSec } = phase.begin;
    const maxAttempts = phase.begin.maxAttempts;
    const gapMs = 1000 / Math.max(0.5, maxFps);
    // The host decides the timeout; this only ends a try whose decision never came.
    const stuck = setTimeout(() => {
      ac.abort();
      setPhase({ k: 'error', error: new HostError({ code: 'timeout', message: 'no face decision from the host', retryable: true }) });
    }, (timeoutSec + HOST_GRACE_SEC) * 1000);
    void (async () => {
      while (!ac.signal.aborted) {
        const started = performance.now();
        const video = videoRef.current;
        const canvas = canvasRef.current;
        const frame = video && canvas ? await grabFrame(video, canvas) : null;
        if (frame && !ac.signal.aborted) {
          let r: ResultOf<'face.frame'> | null = null;
          try {
            r = await host.call('face.frame', { attemptId, jpegBase64: frame.jpegBase64 }, { signal: ac.signal });
          } catch (e) {
            // busy: the host is still on an earlier frame; this one is dropped, not resent.
            if (!(e instanceof HostError && e.code === 'busy')) throw e;
          }
          if (r && !ac.signal.aborted) {
            setView({ guidance: r.guidance, progress: r.progress, box: r.box, frame: { width: frame.width, height: frame.height } });
            if (voice.current.next(r.guidance, Date.now())) say(t(guidanceKey(r.guidance)));
            if (r.decision) {
              setPhase({ k: 'decided', decision: r.decision, maxAttempts });
              return;
            }
          }
        }
        await sleep(Math.max(0, gapMs - (performance.now() - started)), ac.signal);
      }
    })()
      .catch((e: unknown) => {
        if (!ac.signal.aborted && !isCancelled(e)) setPhase({ k: 'error', error: e });
      })
      .finally(() => clearTimeout(stuck));
    return () => {
      ac.abort();
      clearTimeout(stuck);
    };
  }, [attemptId, camera.k]);

  // The outcome, said once; a pass moves on after a moment.
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

  const retry = () => {
    setPhase({ k: 'begin' });
    setRound((r) => r + 1);
  };
  const decline = () => setPhase({ k: 'skipping', reason: 'declined', why: null });
  const toTicket = () => setPhase({ k: 'ticket' });
  const optional = step.policy === 'optional';
  const unavailableWhy = phase.k === 'unavailable' ? phase.why : null;

  return (
    <section tabIndex={0} className="step step-face" data-testid="verify-face" data-phase={phase.k} data-policy={step.policy} data-reason={unavailableWhy ?? undefined}>
      {(phase.k === 'begin' || (live && camera.k !== 'open')) && <Working text={phase.k === 'begin' ? t('face.preparing') : t('face.cameraOpening')} />}
      {phase.k === 'skipping' && <Working text={t('face.continuing')} />}
      {live && (
        <LiveTry
          begin={phase.begin}
          view={view}
          videoRef={videoRef}
          hidden={camera.k !== 'open'}
          text={view?.guidance ? t(guidanceKey(view.guidance)) : t('face.lookHere')}
        />
      )}
      {/* Frames are drawn here, never shown; the grabber clears it after each frame. */}
      <canvas ref={canvasRef} width={0} height={0} hidden />
      {phase.k === 'decided' && phase.decision.passed && (
        <div className="face-result" data-testid="face-passed">
          <p className="big-prompt ok-title" role="status">
            <Icon name="check" /> {t('face.passed')}
          </p>
        </div>
      )}
      {phase.k === 'decided' && !phase.decision.passed && (
        <div className="face-result" data-testid="face-failed" data-failure={phase.decision.failure ?? 'timeout'}>
          <p className="error-text" role="alert">
            <Icon name="warning" /> {t(failureKey(phase.decision.failure ?? 'timeout'))}
          </p>
          <p className="instruction">{phase.decision.attemptsLeft > 0 ? t('face.tryAgain', { count: phase.decision.attemptsLeft }) : t('face.noMoreTries')}</p>
          <div className="step-actions face-actions">
            {optional && (
              <button type="button" className="btn btn-secondary btn-lg" onClick={decline} data-testid="face-skip">
                {t('face.skip')}
              </button>
            )}
            {phase.decision.attemptsLeft > 0 ? (
              <button type="button" className="btn btn-primary btn-lg" onClick={retry} data-testid="face-retry">
                {t('face.retry')}
              </button>
            ) : (
              <button type="button" className="btn btn-primary btn-lg" onClick={toTicket} data-testid="face-ticket">
                {t('face.ticket')}
              </button>
            )}
          </div>
        </div>
      )}
      {unavailableWhy && (
        <div className="face-result" data-testid="face-unavailable">
          <h2 className="face-title">{t('face.unavailableTitle')}</h2>
          <p className="instruction" role="alert">
            {unavailableWhy === 'required' ? t('face.skipRefused') : t(unavailableKey(unavailableWhy))}
          </p>
          <p className="instruction">{t('face.staffed')}</p>
          <div className="step-actions face-actions">
            <button type="button" className="btn btn-primary btn-lg" onClick={toTicket} data-testid="face-ticket">
              {t('face.ticket')}
            </button>
          </div>
        </div>
      )}
      {phase.k === 'error' && <StepError error={phase.error} phone={phone} onRetry={retry} onSkip={optional ? decline : undefined} skipLabel={t('face.skip')} />}
      {phase.k === 'ticket' && <FallbackTicket serviceId={def.id} queue={step.fallbackQueue} locale={locale} phone={phone} onBusy={onBusy} onTicket={(ticket) => record({ ticket, ticketFor: step.fallbackQueue })} />}
    </section>
  );
}

/** The try on screen: the mirrored camera view with the face outline and the host's box, the guidance, progress and time left. */
function LiveTry({ begin, view, videoRef, hidden, text }: { begin: Begin; view: LiveView | null; videoRef: RefObject<HTMLVideoElement | null>; hidden: boolean; text: string }) {
  const { t } = useTranslation();
  const left = useCountdown(begin.timeoutSec, begin.attemptId);
  const video = videoRef.current;
  const frame = view?.frame ?? (video && video.videoWidth ? frameSize(video.videoWidth, video.videoHeight) : { width: FRAME_EDGE, height: Math.round((FRAME_EDGE * 3) / 4) });
  const { width: w, height: h } = frame;
  const percent = Math.round(Math.min(1, Math.max(0, view?.progress ?? 0)) * 100);
  return (
    <div className="face-live" hidden={hidden} data-testid="face-live" data-guidance={view?.guidance ?? ''}>
      <div className="face-view">
        {/* Mirrored like a looking glass: turning left moves left on screen. The overlay is in the frame's pixels, cropped like the video. */}
        <div className="face-mirror">
          <video ref={videoRef} className="face-video" muted playsInline autoPlay data-testid="face-video" />
          <svg className="face-overlay" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="xMidYMid slice" aria-hidden="true">
            <ellipse cx={w / 2} cy={h / 2} rx={h * 0.26} ry={h * 0.36} className="face-oval" />
            {view?.box && <rect x={view.box[0]} y={view.box[1]} width={view.box[2]} height={view.box[3]} className="face-box" />}
          </svg>
        </div>
      </div>
      <div className="face-side">
        <p className="face-guidance" role="status" aria-live="polite" data-testid="face-guidance">
          {text}
        </p>
        <div className="face-progress" role="progressbar" aria-label={t('face.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="face-progress-bar" style={{ width: `${percent}%` }} />
        </div>
        <p className="countdown" data-testid="face-countdown">
          {t('face.timeLeft', { count: left })}
        </p>
        <p className="hint">{t('face.attempt', { n: begin.attempt, total: begin.maxAttempts })}</p>
      </div>
    </div>
  );
}

/** A number for the staffed window (the step's `fallbackQueue`): the way on when the check cannot be done here. */
function FallbackTicket({ serviceId, queue, locale, phone, onBusy, onTicket }: { serviceId: string; queue: string; locale: 'zh-CN' | 'en'; phone: string; onBusy(b: boolean): void; onTicket(t: QueueTicket): void }) {
  const { t } = useTranslation();
  const host = useHost();
  const [ticket, setTicket] = useState<QueueTicket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const started = useRef(-1);
  useEffect(() => {
    // One number per attempt: leaving the screen does not give the number back.
    if (ticket || started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    host
      .call('printer.printTicket', { serviceId, queue, locale })
      .then(
        (tk) => {
          setTicket(tk);
          onTicket(tk);
          speak(tk.printed ? t('ticket.take') : t('ticket.notPrinted', { number: tk.number }), locale, { always: true });
        },
        (e: unknown) => setError(e),
      )
      .finally(() => onBusy(false));
  }, [attempt]);
  if (error) return <StepError error={error} phone={phone} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!ticket) return <Working text={t('ticket.taking')} />;
  return (
    <div className="face-ticket" data-testid="face-ticket-issued">
      <TicketDetails ticket={ticket} />
    </div>
  );
}
