import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapturedPage, RetakeReason } from '../../../../../contracts/materials.js';
import { grabFrame, openCamera, stopStream, type CameraFailure } from '../../../devices/camera.js';
import { useHost } from '../../../host/host-context.js';
import { Icon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import { errorText } from '../../error-text.js';
import { ForwardActions } from '../../forward-slot.js';
import type { StepOf } from '../../../../../contracts/service-definition.js';
import type { StepProps } from '../../step-props.js';
import { Working } from '../step-error.js';
import { base64Parts, grabFullFrame, isSteady, outlineDistance, type Pt } from './capture-frames.js';
import './capture-documents.css';

/** Preview frames for the live outline, at most this often. */
const PREVIEW_EVERY_MS = 300;

type Phase = { k: 'opening' } | { k: 'live' } | { k: 'capturing' } | { k: 'no-camera'; reason: CameraFailure } | { k: 'error'; error: unknown };

/** A service's `capture-documents` step: its pages are held on the host under the service and step. */
export function CaptureDocumentsStep({ def, step, next, phone, onBusy }: StepProps<'capture-documents'>) {
  return <CaptureDocuments scope={{ serviceId: def.id, stepId: step.id }} step={step} onDone={() => next()} phone={phone} onBusy={onBusy} />;
}

export interface CaptureDocumentsProps {
  /** Where the host holds the pages: a service's step, or a bundle's material (contracts/bundle-materials.ts). */
  scope: { serviceId: string; stepId: string };
  step: StepOf<'capture-documents'>;
  onDone(): void;
  phone: string;
  onBusy(busy: boolean): void;
  /** Another way on beside the capture button (a bundle offers paper at the window instead). */
  alternative?: ReactNode;
}

/**
 * Paper materials on the document camera (高拍仪): the live view with the page's outline (found on
 * the host in small preview frames), capture when the page lies still or on a tap, a plain reason to
 * retake (blurred, glare, no page), and the list of pages taken with a retake button each. The
 * pages stay on the host; this screen holds thumbnails only, and the camera is off when it closes.
 */
export function CaptureDocuments({ scope, step, onDone, phone, onBusy, alternative }: CaptureDocumentsProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const host = useHost();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [phase, setPhase] = useState<Phase>({ k: 'opening' });
  const [outline, setOutline] = useState<Pt[] | null>(null);
  const [pages, setPages] = useState<CapturedPage[]>([]);
  const [retake, setRetake] = useState<RetakeReason | null>(null);
  const [outlineProblem, setOutlineProblem] = useState(false);
  const history = useRef<(Pt[] | null)[]>([]);
  /** The outline of the last capture: the next automatic one waits until the page is turned or moved. */
  const lastCaptured = useRef<Pt[] | null>(null);
  const capturing = useRef(false);
  const ref = scope;

  const taken = new Set(pages.map((p) => p.page));
  const current = Array.from({ length: step.maxPages }, (_, i) => i).find((i) => !taken.has(i)) ?? null;
  const pageName = (i: number) => (step.pages[i] ? loc(step.pages[i].name) : t('documents.extraPage', { n: i + 1 }));

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    void (async () => {
      try {
        const [{ camera }, list] = await Promise.all([host.call('materials.camera', {}), host.call('materials.list', ref)]);
        if (stopped) return;
        setPages(list.pages);
        const open = await openCamera(camera);
        if (stopped) return stopStream(open.ok ? open.stream : null);
        if (!open.ok) return setPhase({ k: 'no-camera', reason: open.reason });
        stream = open.stream;
        const v = videoRef.current!;
        v.srcObject = stream;
        await v.play().catch(() => undefined);
        setPhase({ k: 'live' });
      } catch (error) {
        if (!stopped) setPhase({ k: 'error', error });
      }
    })();
    return () => {
      stopped = true;
      stopStream(stream);
      if (videoRef.current) videoRef.current.srcObject = null;
    };
    // Runs once: the step's identity does not change while it is on screen.
  }, []);

  const capture = useCallback(async () => {
    if (capturing.current || current === null) return;
    const video = videoRef.current;
    const canvas = canvasRef.current;
    if (!video || !canvas) return;
    capturing.current = true;
    setPhase({ k: 'capturing' });
    setRetake(null);
    onBusy(true);
    try {
      const jpeg = await grabFullFrame(video, canvas);
      if (!jpeg) return;
      const parts = base64Parts(jpeg);
      jpeg.fill(0);
      const captureId = `${Date.now().toString(36)}-${current}`;
      for (let part = 0; part < parts.length; part++) {
        const r = await host.call('materials.capture', { ...ref, page: current, captureId, part, parts: parts.length, dataBase64: parts[part]!, mode: step.mode });
        if (r.state === 'accepted') {
          lastCaptured.current = history.current.at(-1) ?? null;
          setPages((ps) => [...ps.filter((p) => p.page !== r.page.page), r.page].sort((a, b) => a.page - b.page));
        } else if (r.state === 'retake') setRetake(r.reason);
      }
      setPhase({ k: 'live' });
    } catch (error) {
      setPhase({ k: 'error', error });
    } finally {
      history.current = [];
      capturing.current = false;
      onBusy(false);
    }
  }, [current, step.mode]);

  // The live outline: a small frame to the host every PREVIEW_EVERY_MS; a steady page is captured.
  useEffect(() => {
    if (phase.k !== 'live' || current === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const probe = document.createElement('canvas');
    const tick = async () => {
      if (stopped) return;
      try {
        const frame = videoRef.current ? await grabFrame(videoRef.current, probe) : null;
        if (frame && !stopped) {
          const { corners } = await host.call('materials.detect', { ...ref, jpegBase64: frame.jpegBase64 });
          if (stopped) return;
          setOutline(corners);
          history.current = [...history.current.slice(-5), corners];
          const moved = !lastCaptured.current || (corners !== null && outlineDistance(corners, lastCaptured.current) > 0.05);
          if (corners === null) lastCaptured.current = null;
          if (moved && isSteady(history.current)) {
            void capture();
            return;
          }
        }
        setOutlineProblem(false);
      } catch (e) {
        // A busy host only skips one outline. Anything else is said on screen: the tap still captures.
        if ((e as { code?: string } | null)?.code !== 'busy') {
          setOutline(null);
          setOutlineProblem(true);
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), PREVIEW_EVERY_MS);
    };
    timer = setTimeout(() => void tick(), PREVIEW_EVERY_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [phase.k, current, capture]);

  const remove = (page: number) => {
    setRetake(null);
    lastCaptured.current = null;
    host.call('materials.remove', { ...ref, page }).then((r) => setPages(r.pages), (error: unknown) => setPhase({ k: 'error', error }));
  };

  const enough = pages.length >= step.minPages;
  return (
    <section tabIndex={0} className="step step-documents" data-testid="capture-documents" data-pages={pages.length}>
      <h1>{loc(step.title) || loc(step.name)}</h1>
      <div className="documents-layout">
        <div className="documents-live">
          <p className="instruction" data-testid="documents-instruction">
            {current === null ? t('documents.allTaken') : t('documents.place', { page: pageName(current) })}
          </p>
          <div className="documents-view">
            <video ref={videoRef} muted playsInline className="documents-video" aria-label={t('documents.liveView')} />
            {outline && (
              <svg className="documents-outline" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" data-testid="documents-outline">
                <polygon points={outline.map((p) => `${p.x},${p.y}`).join(' ')} />
              </svg>
            )}
            {phase.k === 'opening' && <Working text={t('documents.opening')} />}
          </div>
          <canvas ref={canvasRef} hidden />
          <div className="documents-status">
            {phase.k === 'capturing' && <Working text={t('documents.processing')} />}
            {retake && (
              <p className="error-text" role="alert" data-testid="documents-retake" data-reason={retake}>
                <Icon name="warning" /> {t(`documents.retake.${retake}`)}
              </p>
            )}
            {outlineProblem && phase.k === 'live' && (
              <p className="instruction" data-testid="documents-no-outline">
                {t('documents.noOutline')}
              </p>
            )}
            {phase.k === 'no-camera' && (
              <p className="error-text" role="alert" data-testid="documents-no-camera">
                <Icon name="warning" /> {t('documents.noCamera', { phone })}
              </p>
            )}
            {phase.k === 'error' && (
              <p className="error-text" role="alert" data-testid="step-error">
                <Icon name="warning" /> {errorText(t, phase.error, phone)}
              </p>
            )}
          </div>
          <div className="step-actions">
            <button type="button" className="btn btn-secondary btn-lg" onClick={() => void capture()} disabled={phase.k !== 'live' || current === null} data-testid="documents-capture">
              {t('documents.capture')}
            </button>
            {alternative}
          </div>
        </div>
        <ol className="documents-pages" aria-label={t('documents.pages')} data-testid="documents-pages">
          {Array.from({ length: Math.max(step.pages.length, pages.length) }, (_, i) => i).map((i) => {
            const p = pages.find((x) => x.page === i);
            return (
              <li key={i} className={p ? 'documents-page taken' : 'documents-page'} data-testid={`documents-page-${i}`}>
                {p ? <img src={`data:image/jpeg;base64,${p.thumbnailJpegBase64}`} alt={pageName(i)} /> : <span className="documents-placeholder" aria-hidden="true" />}
                <span className="documents-page-name">{pageName(i)}</span>
                {p && (
                  <button type="button" className="btn btn-secondary" onClick={() => remove(i)} data-testid={`documents-retake-${i}`}>
                    {t('documents.retakeButton')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={onDone} disabled={!enough || phase.k === 'capturing'} data-testid="next">
          {enough ? t('documents.done') : t('documents.needMore', { n: step.minPages - pages.length })}
        </button>
      </ForwardActions>
    </section>
  );
}
