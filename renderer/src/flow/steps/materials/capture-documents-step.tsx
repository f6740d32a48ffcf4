import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapturedPage, RetakeReason } from '../../../../../contracts/materials.js';
import { Icon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import { errorText } from '../../error-text.js';
import { ForwardActions } from '../../forward-slot.js';
import type { StepOf } from '../../../../../contracts/service-definition.js';
import type { StepProps } from '../../step-props.js';
import { Working } from '../step-error.js';
import { useCaptureDocuments, type Phase } from './use-capture-documents.js';
import './capture-documents.css';

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
  const { videoRef, canvasRef, phase, outline, pages, retake, outlineProblem, current, capture, remove } = useCaptureDocuments(scope, step, onBusy);
  const pageName = (i: number) => (step.pages[i] ? loc(step.pages[i].name) : t('documents.extraPage', { n: i + 1 }));

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
          <CaptureStatus phase={phase} retake={retake} outlineProblem={outlineProblem} phone={phone} />
          <div className="step-actions">
            <button type="button" className="btn btn-secondary btn-lg" onClick={() => void capture()} disabled={phase.k !== 'live' || current === null} data-testid="documents-capture">
              {t('documents.capture')}
            </button>
            {alternative}
          </div>
        </div>
        <PageList count={Math.max(step.pages.length, pages.length)} pages={pages} pageName={pageName} remove={remove} />
      </div>
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={onDone} disabled={!enough || phase.k === 'capturing'} data-testid="next">
          {enough ? t('documents.done') : t('documents.needMore', { n: step.minPages - pages.length })}
        </button>
      </ForwardActions>
    </section>
  );
}

/** What is happening under the live view: processing, why to retake, no outline found, no camera, an error. */
function CaptureStatus({ phase, retake, outlineProblem, phone }: { phase: Phase; retake: RetakeReason | null; outlineProblem: boolean; phone: string }) {
  const { t } = useTranslation();
  return (
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
  );
}

/** The pages taken (thumbnails, each with a retake button) and the ones still to take. */
function PageList({ count, pages, pageName, remove }: { count: number; pages: CapturedPage[]; pageName(i: number): string; remove(page: number): void }) {
  const { t } = useTranslation();
  return (
    <ol className="documents-pages" aria-label={t('documents.pages')} data-testid="documents-pages">
      {Array.from({ length: count }, (_, i) => i).map((i) => {
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
  );
}
