import { useTranslation } from 'react-i18next';
import { Icon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import { errorText } from '../../error-text.js';
import { ForwardActions } from '../../forward-slot.js';
import type { StepProps } from '../../step-props.js';
import { Working } from '../step-error.js';
import { useSignStep, type SignAction, type SignProblem } from './use-sign-step.js';
import './sign-step.css';

/**
 * A hand signature: the authorisation text, a large signing box drawn on with a
 * finger (signature_pad: pressure-free variable-width Bézier strokes from pointer events), "clear",
 * an optional printed authorisation, and "confirm", which sends the PNG to the host (it goes with
 * the submission) and moves on. The canvas is wiped when the step closes.
 */
export function SignStep({ def, step, next, phone, onBusy }: StepProps<'sign'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const { wrapRef, canvasRef, strokes, problem, action, working, clear, confirm, print } = useSignStep({ def, step, next, onBusy });
  return (
    <section tabIndex={0} className="step step-sign" data-testid="sign" data-strokes={strokes}>
      <h1>{loc(step.title) || loc(step.documentTitle)}</h1>
      {/* Portrait: text, hint, box, messages and buttons from top to bottom. Landscape: the text on the
          left, the box as tall as the screen allows on the right, messages and buttons under it. */}
      <div className="sign-layout">
        <div className="notice-body sign-text" tabIndex={0} aria-label={loc(step.documentTitle)} data-testid="sign-text">
          {step.body.map((p, i) => (
            <p key={i}>{loc(p)}</p>
          ))}
        </div>
        <p className="sign-hint" id="sign-hint">
          {t('sign.hint')}
        </p>
        <div className={`sign-box${problem ? ' sign-box-problem' : ''}`} ref={wrapRef}>
          {strokes === 0 && (
            <span className="sign-watermark" aria-hidden="true">
              {t('sign.here')}
            </span>
          )}
          <canvas ref={canvasRef} className="sign-canvas" role="img" aria-label={t('sign.boxLabel')} aria-describedby="sign-hint" data-testid="sign-pad" />
        </div>
        <div className="sign-foot">
          {/* A reserved line (portrait) for what the step says, so the box does not jump when a message comes or goes. */}
          <SignStatus problem={problem} action={action} phone={phone} />
          <div className="step-actions sign-actions">
            <button type="button" className="btn btn-secondary btn-lg" onClick={clear} disabled={working} data-testid="sign-clear">
              {t('sign.clear')}
            </button>
            <button type="button" className="btn btn-secondary btn-lg" onClick={print} disabled={working} data-testid="sign-print">
              <Icon name="printer" /> {t('sign.print')}
            </button>
          </div>
        </div>
      </div>
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={confirm} disabled={working} data-testid="next">
          {t('sign.confirm')}
        </button>
      </ForwardActions>
    </section>
  );
}

/** What the step says under the box: a drawing that is no signature, saving or printing, printed, an error. */
function SignStatus({ problem, action, phone }: { problem: SignProblem; action: SignAction; phone: string }) {
  const { t } = useTranslation();
  return (
    <div className="sign-status">
      {problem && (
        <p className="error-text" role="alert" data-testid="sign-nudge">
          <Icon name="warning" /> {problem === 'empty' ? t('sign.empty') : t('sign.tooSmall')}
        </p>
      )}
      {action.k === 'saving' && <Working text={t('sign.saving')} />}
      {action.k === 'printing' && <Working text={t('sign.printing')} />}
      {action.k === 'printed' && (
        <p className="instruction" role="status" data-testid="sign-printed">
          <Icon name="printer" /> {t('sign.printed')}
        </p>
      )}
      {action.k === 'error' && (
        <p className="error-text" role="alert" data-testid={action.what === 'print' ? 'sign-print-error' : 'step-error'}>
          <Icon name="warning" /> {errorText(t, action.error, phone)}
        </p>
      )}
    </div>
  );
}
