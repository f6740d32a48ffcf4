import { useEffect } from 'react';

/** How long the clock must be held to open diagnostics, ms. */
export const LONG_PRESS_MS = 3000;
/** A press that moves further than this (px) is a swipe, not a hold. */
const MAX_MOVE_PX = 24;

/**
 * The technicians' hidden gesture: press and hold the header clock for three seconds. Listened for
 * on the document (capture phase) so the header itself needs no change, and distinct from the
 * developer panel's five taps on the hall name.
 */
export function useLongPressOn(selector: string, onFire: () => void): void {
  useEffect(() => {
    let timer: number | undefined;
    let start: { x: number; y: number } | null = null;
    const cancel = () => {
      window.clearTimeout(timer);
      timer = undefined;
      start = null;
    };
    const down = (e: PointerEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest(selector)) return;
      cancel();
      start = { x: e.clientX, y: e.clientY };
      timer = window.setTimeout(() => {
        cancel();
        onFire();
      }, LONG_PRESS_MS);
    };
    const move = (e: PointerEvent) => {
      if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > MAX_MOVE_PX) cancel();
    };
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointermove', move, true);
    document.addEventListener('pointerup', cancel, true);
    document.addEventListener('pointercancel', cancel, true);
    return () => {
      cancel();
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointermove', move, true);
      document.removeEventListener('pointerup', cancel, true);
      document.removeEventListener('pointercancel', cancel, true);
    };
  }, [selector, onFire]);
}
