import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CameraInfo } from '../../../contracts/identity.js';
import { openCamera, stopStream, type CameraFailure } from './camera.js';

export type CameraState = { k: 'off' } | { k: 'opening' } | { k: 'open'; stream: MediaStream; label: string } | { k: 'failed'; reason: CameraFailure; message: string };

/**
 * The camera while `on` is true and the component is mounted, shown in `video`. Turning it off,
 * unmounting, a failure or the track ending (unplugged) stops every track and clears the video's
 * `srcObject`, so the camera light goes out as soon as the step is left.
 */
export function useCamera(config: CameraInfo, on: boolean, video: RefObject<HTMLVideoElement | null>): CameraState {
  const [state, setState] = useState<CameraState>({ k: 'off' });
  const key = config ? `${config.deviceId ?? ''}|${config.label ?? ''}|${config.width}x${config.height}` : 'none';
  const configRef = useRef(config);
  configRef.current = config;
  // The element the stream went to: on unmount React has already let go of the `video` ref.
  const shown = useRef<HTMLVideoElement | null>(null);

  useEffect(() => {
    if (!on) {
      setState({ k: 'off' });
      return;
    }
    let live = true;
    let stream: MediaStream | null = null;
    const onEnded = () => {
      if (!live) return;
      stopStream(stream);
      if (shown.current) shown.current.srcObject = null;
      setState({ k: 'failed', reason: 'error', message: 'the camera stopped (unplugged?)' });
    };
    setState({ k: 'opening' });
    void openCamera(configRef.current).then((r) => {
      if (!r.ok) {
        if (live) setState({ k: 'failed', reason: r.reason, message: r.message });
        return;
      }
      // Left while the camera was opening: close it at once.
      if (!live) return stopStream(r.stream);
      stream = r.stream;
      for (const t of stream.getVideoTracks()) t.addEventListener('ended', onEnded);
      const v = video.current;
      if (v) {
        shown.current = v;
        v.srcObject = stream;
        void v.play().catch(() => undefined); // autoplay of a muted camera stream is allowed; a refusal only delays the first frame
      }
      setState({ k: 'open', stream, label: r.label });
    });
    return () => {
      live = false;
      for (const t of stream?.getVideoTracks() ?? []) t.removeEventListener('ended', onEnded);
      stopStream(stream);
      const v = shown.current ?? video.current;
      if (v && v.srcObject === stream) v.srcObject = null;
      shown.current = null;
    };
  }, [on, key]);

  // The video element may mount after the stream opened (a screen that shows it only when live).
  useEffect(() => {
    const v = video.current;
    // `active` is false once the stream was stopped (leaving): never put a stopped stream back.
    if (state.k !== 'open' || !state.stream.active || !v || v.srcObject === state.stream) return;
    shown.current = v;
    v.srcObject = state.stream;
    void v.play().catch(() => undefined);
  });

  return state;
}
