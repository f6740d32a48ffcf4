import { useRef, useState } from 'react';
import { useHost } from '../../../host/host-context.js';
import { useLocalized } from '../../../i18n/localize.js';
import type { StepProps } from '../../step-props.js';
import { exportSignaturePng, judgeSignature, type Stroke } from './sign-export.js';
import { useSignaturePad } from './use-signature-pad.js';

export type SignProblem = 'empty' | 'too-small' | null;
export type SignAction = { k: 'idle' } | { k: 'saving' } | { k: 'printing' } | { k: 'printed' } | { k: 'error'; error: unknown; what: 'save' | 'print' };

/**
 * The sign step's state: the pad, whether the drawing is a signature, and sending it to the host
 * (once per version of the drawing) to confirm or to print the authorisation.
 */
export function useSignStep({ def, step, next, onBusy }: Pick<StepProps<'sign'>, 'def' | 'step' | 'next' | 'onBusy'>) {
  const { locale } = useLocalized();
  const host = useHost();
  /** Bumped on every stroke and clear: the host already has the drawing of `sentVersion`. */
  const version = useRef(0);
  const sentVersion = useRef(-1);
  const [strokes, setStrokes] = useState(0);
  const [problem, setProblem] = useState<SignProblem>(null);
  const [action, setAction] = useState<SignAction>({ k: 'idle' });

  const { wrapRef, canvasRef, padRef, ratioRef } = useSignaturePad((strokeCount) => {
    version.current++;
    setStrokes(strokeCount);
    setProblem(null);
    setAction((a) => (a.k === 'printed' || a.k === 'error' ? { k: 'idle' } : a));
  });

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
  return { wrapRef, canvasRef, strokes, problem, action, working, clear, confirm, print };
}
