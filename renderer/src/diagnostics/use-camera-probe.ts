import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagCameraProbe } from '../../../contracts/diagnostics-protocol.js';
import { grabFrame } from '../devices/camera.js';
import { HostError } from '../host/client.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

/** A frame to the face engine about once a second; after a failure less often (an engine not there yet does not come back in a second). */
const PROBE_MS = 1000;
const PROBE_AFTER_ERROR_MS = 5000;

/** While the camera is open, the face box the host's face engine finds in a frame (`diag.cameraProbe`), or why it could not. */
export function useCameraProbe(open: boolean, videoRef: RefObject<HTMLVideoElement | null>, canvasRef: RefObject<HTMLCanvasElement | null>) {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [probe, setProbe] = useState<DiagCameraProbe | null>(null);
  const [probeNote, setProbeNote] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async () => {
      let wait = PROBE_MS;
      try {
        const v = videoRef.current;
        const c = canvasRef.current;
        const frame = v && c ? await grabFrame(v, c) : null;
        if (frame && !ac.signal.aborted) {
          setProbe(await call('diag.cameraProbe', { jpegBase64: frame.jpegBase64 }, { signal: ac.signal }));
          setProbeNote(null);
        }
      } catch (e) {
        if (ac.signal.aborted) return;
        setProbe(null);
        setProbeNote(e instanceof HostError && e.code === 'not-available' ? t('camera.engineUnavailable', { message: e.message }) : t('camera.probeFailed', { message: errorText(e) }));
        wait = PROBE_AFTER_ERROR_MS;
      }
      if (!ac.signal.aborted) timer = setTimeout(() => void once(), wait);
    };
    void once();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [open, call]);
  return { probe, probeNote };
}
