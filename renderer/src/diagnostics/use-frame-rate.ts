import { useEffect, useState, type RefObject } from 'react';

type VideoWithFrameCallback = HTMLVideoElement & { requestVideoFrameCallback?(cb: () => void): number; cancelVideoFrameCallback?(id: number): void };

/**
 * Frames a second the video actually shows, counted over each second: with requestVideoFrameCallback
 * (one call per presented frame) where the browser has it, else by watching `currentTime` change.
 */
export function useFrameRate(video: RefObject<HTMLVideoElement | null>, on: boolean): { fps: number | null; width: number; height: number } {
  const [out, setOut] = useState<{ fps: number | null; width: number; height: number }>({ fps: null, width: 0, height: 0 });
  useEffect(() => {
    const v = video.current as VideoWithFrameCallback | null;
    if (!on || !v) return;
    let frames = 0;
    let stopped = false;
    let handle = 0;
    let lastTime = -1;
    const vfc = typeof v.requestVideoFrameCallback === 'function';
    const tick = () => {
      if (stopped) return;
      if (vfc) {
        frames++;
        handle = v.requestVideoFrameCallback!(tick);
      } else {
        if (v.currentTime !== lastTime) frames++;
        lastTime = v.currentTime;
        handle = requestAnimationFrame(tick);
      }
    };
    tick();
    let since = performance.now();
    const id = setInterval(() => {
      const now = performance.now();
      setOut({ fps: Math.round((frames * 10000) / (now - since)) / 10, width: v.videoWidth, height: v.videoHeight });
      frames = 0;
      since = now;
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(id);
      if (vfc) v.cancelVideoFrameCallback?.(handle);
      else cancelAnimationFrame(handle);
    };
  }, [on]);
  return out;
}
