import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePad from 'signature_pad';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { errorText } from '../error-text.js';
import { ForwardActions } from '../forward-slot.js';
import type { StepProps } from '../step-props.js';
import { exportSignaturePng, judgeSignature, type Stroke } from './sign-export.js';
import { Working } from './step-error.js';
import './sign-step.css';

type Problem = 'empty' | 'too-small' | null;
type Action = { k: 'idle' } | { k: 'saving' } | { k: 'printing' } | { k: 'printed' } | { k: 'error'; error: unknown; what: 'save' | 'print' };

/**
 * A hand signature: the authorisation text, a large signing box drawn on with a
 * finger (signature_pad: pressure-free variable-width Bézier strokes from pointer events), "clear",
 * an optional printed authorisation, and "confirm", which sends the PNG to the host (it goes with
 * the submission) and moves on. The canvas is wiped when the step closes.
 */
export function SignStep({ def, step, next, phone, onBusy }: StepProps<'sign'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const ratioRef = useRef(1);
  /** Bumped on every stroke and clear: the host already has the drawing of `sentVersion`. */
  const version = useRef(0);
  const sentVersion = useRef(-1);
  const [strokes, setStrokes] = useState(0);
  const [problem, setProblem] = useState<Problem>(null);
  const [action, setAction] = useState<Action>({ k: 'idle' });

  useEffect(() => {
    const canvas = canvasRef.current!;
    const wrap = wrapRef.current!;
    const pad = new SignaturePad(canvas, { minWidth: 1.6, maxWidth: 4.8, penColor: '#0b1d51', throttle: 8, minDistance: 2 });
    padRef.current = pad;
    // A resize clears the canvas and redraws it from the points: never in the middle of a stroke
    // (the stroke would be lost), so one that comes then waits for the finger to lift.
    let drawing = false;
    let resizeWaiting = false;
    const onBegin = () => {
      drawing = true;
    };
    const onEnd = () => {
      drawing = false;
      if (resizeWaiting) {
        resizeWaiting = false;
        fit();
      }
      version.current++;
      setStrokes(pad.toData().length);
      setProblem(null);
      setAction((a) => (a.k === 'printed' || a.k === 'error' ? { k: 'idle' } : a));
    };
    pad.addEventListener('beginStroke', onBegin);
    pad.addEventListener('endStroke', onEnd);
    // The canvas's bitmap is its CSS size × devicePixelRatio (sharp on any screen); a rotation or a
    // change of the elderly mode resizes it, and the strokes are redrawn from their points.
    function fit(): void {
      if (drawing) {
        resizeWaiting = true;
        return;
      }
      const ratio = Math.max(1, window.devicePixelRatio || 1);
      const w = wrap.clientWidth;
      const h = wrap.clientHeight;
      if (w === 0 || h === 0) return;
      if (canvas.width === Math.round(w * ratio) && canvas.height === Math.round(h * ratio)) return;
      const data = pad.toData();
      ratioRef.current = ratio;
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      canvas.getContext('2d')!.scale(ratio, ratio);
      pad.clear();
      if (data.length) pad.fromData(data);
    }
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(wrap);
    return () => {
      ro.disconnect();
      pad.removeEventListener('beginStroke', onBegin);
      pad.removeEventListener('endStroke', onEnd);
      // Nothing of the signature stays in the page: points, pixels and the bitmap itself.
      pad.clear();
      pad.off();
      canvas.width = 0;
      canvas.height = 0;
      padRef.current = null;
    };
  }, []);

  const drawn = (): Stroke[] => (padRef.current?.toData() ?? []).map((g) => g.points);

  const clear = () => {
    padRef.current?.clear();
    version.current++;
    setStrokes(0);
    setProblem(null);
    setAction({ k: 'idle' });
  };

  /** Check the drawing and give the host this version of it, unless it already has it. */
  const send = async (): Promise<boolean> => {
    const strokesNow = drawn();
    const verdict = judgeSignature(strokesNow);
    if (verdict !== 'ok') {
      setProblem(verdict);
      return false;
    }
    if (sentVersion.current === version.current) return true;
    const v = version.current;
    const wrap = wrapRef.current!;
    const pngBase64 = exportSignaturePng(canvasRef.current!, ratioRef.current, strokesNow, { w: wrap.clientWidth, h: wrap.clientHeight });
    await host.call('signature.submit', { serviceId: def.id, stepId: step.id, pngBase64, strokes: Math.min(500, strokesNow.length) });
    sentVersion.current = v;
    return true;
  };

  const confirm = () => {
    if (action.k === 'saving' || action.k === 'printing') return;
    setAction({ k: 'saving' });
    onBusy(true);
    send()
      .then(
        (ok) => {
          if (ok) next();
          else setAction({ k: 'idle' });
        },
        (error: unknown) => setAction({ k: 'error', error, what: 'save' }),
      )
      .finally(() => onBusy(false));
  };

  const print = () => {
    if (action.k === 'saving' || action.k === 'printing') return;
    setAction({ k: 'printing' });
    onBusy(true);
    send()
      .then(async (ok) => {
        if (!ok) return setAction({ k: 'idle' });
        await host.call('signature.printAuthorisation', { serviceId: def.id, stepId: step.id, locale });
        setAction({ k: 'printed' });
      })
      .catch((error: unknown) => setAction({ k: 'error', error, what: 'print' }))
      .finally(() => onBusy(false));
  };

  const working = action.k === 'saving' || action.k === 'printing';
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
