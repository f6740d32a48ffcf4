import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaceDecision } from '../../../../../contracts/identity.js';
import { FRAME_EDGE, frameSize } from '../../../devices/camera.js';
import { Icon } from '../../../icons/icons.js';
import { useCountdown } from '../../use-countdown.js';
import type { StepProps } from '../../step-props.js';
import { StepError, Working } from '../step-error.js';
import { FallbackTicket } from './fallback-ticket.js';
import { failureKey, guidanceKey, unavailableKey, type FaceUnavailable } from './face-text.js';
import type { Begin, LiveView, VerifyFaceState } from './use-verify-face.js';
import './verify-face.css';

/** A decided try: passed, or why not, with retry, skip (optional step) or the staffed window's ticket. */
function FaceDecided({ decision, optional, onRetry, onDecline, onTicket }: { decision: FaceDecision; optional: boolean; onRetry(): void; onDecline(): void; onTicket(): void }) {
  const { t } = useTranslation();
  if (decision.passed) {
    return (
      <div className="face-result" data-testid="face-passed">
        <p className="big-prompt ok-title" role="status">
          <Icon name="check" /> {t('face.passed')}
        </p>
      </div>
    );
  }
  return (
    <div className="face-result" data-testid="face-failed" data-failure={decision.failure ?? 'timeout'}>
      <p className="error-text" role="alert">
        <Icon name="warning" /> {t(failureKey(decision.failure ?? 'timeout'))}
      </p>
      <p className="instruction">{decision.attemptsLeft > 0 ? t('face.tryAgain', { count: decision.attemptsLeft }) : t('face.noMoreTries')}</p>
      <div className="step-actions face-actions">
        {optional && (
          <button type="button" className="btn btn-secondary btn-lg" onClick={onDecline} data-testid="face-skip">
            {t('face.skip')}
          </button>
        )}
        {decision.attemptsLeft > 0 ? (
          <button type="button" className="btn btn-primary btn-lg" onClick={onRetry} data-testid="face-retry">
            {t('face.retry')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-lg" onClick={onTicket} data-testid="face-ticket">
            {t('face.ticket')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The check cannot run here (or may not be skipped): the staffed window's ticket. */
function FaceUnavailablePanel({ why, onTicket }: { why: FaceUnavailable | 'required'; onTicket(): void }) {
  const { t } = useTranslation();
  return (
    <div className="face-result" data-testid="face-unavailable">
      <h2 className="face-title">{t('face.unavailableTitle')}</h2>
      <p className="instruction" role="alert">
        {why === 'required' ? t('face.skipRefused') : t(unavailableKey(why))}
      </p>
      <p className="instruction">{t('face.staffed')}</p>
      <div className="step-actions face-actions">
        <button type="button" className="btn btn-primary btn-lg" onClick={onTicket} data-testid="face-ticket">
          {t('face.ticket')}
        </button>
      </div>
    </div>
  );
}

/** The face step on screen, one panel per phase. */
export function VerifyFaceView({ s, props }: { s: VerifyFaceState; props: StepProps<'verify-face'> }) {
  const { t } = useTranslation();
  const { def, step, record, onBusy, phone } = props;
  const { phase, view, camera, optional } = s;
  const live = phase.k === 'live';
  const unavailableWhy = phase.k === 'unavailable' ? phase.why : null;
  return (
    <section tabIndex={0} className="step step-face" data-testid="verify-face" data-phase={phase.k} data-policy={step.policy} data-reason={unavailableWhy ?? undefined}>
      {(phase.k === 'begin' || (live && camera.k !== 'open')) && <Working text={phase.k === 'begin' ? t('face.preparing') : t('face.cameraOpening')} />}
      {phase.k === 'skipping' && <Working text={t('face.continuing')} />}
      {live && <LiveTry begin={phase.begin} view={view} videoRef={s.videoRef} hidden={camera.k !== 'open'} text={view?.guidance ? t(guidanceKey(view.guidance)) : t('face.lookHere')} />}
      {/* Frames are drawn here, never shown; the grabber clears it after each frame. */}
      <canvas ref={s.canvasRef} width={0} height={0} hidden />
      {phase.k === 'decided' && <FaceDecided decision={phase.decision} optional={optional} onRetry={s.retry} onDecline={s.decline} onTicket={s.toTicket} />}
      {unavailableWhy && <FaceUnavailablePanel why={unavailableWhy} onTicket={s.toTicket} />}
      {phase.k === 'error' && <StepError error={phase.error} phone={phone} onRetry={s.retry} onSkip={optional ? s.decline : undefined} skipLabel={t('face.skip')} />}
      {phase.k === 'ticket' && <FallbackTicket serviceId={def.id} queue={step.fallbackQueue} locale={s.locale} phone={phone} onBusy={onBusy} onTicket={(ticket) => record({ ticket, ticketFor: step.fallbackQueue })} />}
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
