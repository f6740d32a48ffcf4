import { useEffect, useRef, useState } from 'react';

export interface IdleOptions {
  /** Whether the idle timer runs at all (off on the attract screen). */
  enabled: boolean;
  /** Do not count down while true (a device operation or typing is in progress). */
  paused: boolean;
  timeoutSec: number;
  warningSec: number;
  onExpire(): void;
}

/**
 * Idle timeout with a visible warning: after `timeoutSec` without a touch, a countdown of
 * `warningSec`; any touch (or "continue") resets it; at zero `onExpire` runs.
 * Returns the seconds left in the warning, or null when no warning is showing.
 */
export function useIdle(o: IdleOptions): { warningLeft: number | null; secondsLeft: number | null; extend(): void } {
  const last = useRef(Date.now());
  const [now, setNow] = useState(Date.now());
  const expire = useRef(o.onExpire);
  expire.current = o.onExpire;
  // While the warning shows, only its own tap (a click on the overlay or "continue") extends: a
  // window-level pointerup would remove the overlay before the tap's click and let it land beneath.
  const warningShown = useRef(false);

  useEffect(() => {
    const touch = () => {
      if (warningShown.current) return;
      last.current = Date.now();
      setNow(Date.now());
    };
    // pointerup, not pointerdown: the warning must stay in place until the tap on its own
    // "continue" button has completed, or the tap would land on whatever lies beneath.
    const opts = { capture: true, passive: true } as const;
    const kinds = ['pointerup', 'keydown', 'input'] as const;
    for (const k of kinds) window.addEventListener(k, touch, opts);
    return () => {
      for (const k of kinds) window.removeEventListener(k, touch, opts);
    };
  }, []);

  useEffect(() => {
    last.current = Date.now();
  }, [o.enabled, o.paused]);

  useEffect(() => {
    if (!o.enabled) return;
    const t = setInterval(() => {
      if (o.paused) last.current = Date.now();
      setNow(Date.now());
    }, 250);
    return () => clearInterval(t);
  }, [o.enabled, o.paused]);

  const idleSec = (now - last.current) / 1000;
  const left = o.timeoutSec + o.warningSec - idleSec;
  const warning = o.enabled && !o.paused && idleSec >= o.timeoutSec;
  warningShown.current = warning;

  useEffect(() => {
    if (o.enabled && !o.paused && left <= 0) {
      last.current = Date.now();
      expire.current();
    }
  }, [o.enabled, o.paused, left]);

  return {
    warningLeft: warning ? Math.max(0, Math.ceil(left)) : null,
    /** Seconds until the session ends without a touch (null while paused or disabled): the visible timeout. */
    secondsLeft: o.enabled && !o.paused ? Math.max(0, Math.ceil(left)) : null,
    extend: () => {
      warningShown.current = false;
      last.current = Date.now();
      setNow(Date.now());
    },
  };
}
