import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';

/**
 * The signing box's pad: signature_pad on the canvas (pressure-free variable-width Bézier strokes
 * from pointer events), the canvas kept at its CSS size × devicePixelRatio, and everything wiped
 * when the step closes. `onStrokeEnd` gets the number of strokes after each one.
 */
export function useSignaturePad(onStrokeEndFn: (strokeCount: number) => void) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const ratioRef = useRef(1);
  // The latest callback, without re-creating the pad on every render.
  const onStrokeEnd = useRef(onStrokeEndFn);
  onStrokeEnd.current = onStrokeEndFn;

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
      onStrokeEnd.current(pad.toData().length);
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

  return { wrapRef, canvasRef, padRef, ratioRef };
}
