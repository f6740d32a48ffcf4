import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagCameraProbe } from '../../../contracts/diagnostics-protocol.js';
import { grabFrame } from '../devices/camera.js';
import { useCamera } from '../devices/use-camera.js';
import { HostError } from '../host/client.js';
import { useConnection } from '../host/host-context.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

/** A frame to the face engine about once a second; after a failure less often (an engine not there yet does not come back in a second). */
const PROBE_MS = 1000;
const PROBE_AFTER_ERROR_MS = 5000;

type VideoWithFrameCallback = HTMLVideoElement & { requestVideoFrameCallback?(cb: () => void): number; cancelVideoFrameCallback?(id: number): void };

/**
 * Frames a second the video actually shows, counted over each second: with requestVideoFrameCallback
 * (one call per presented frame) where the browser has it, else by watching `currentTime` change.
 */
function useFrameRate(video: RefObject<HTMLVideoElement | null>, on: boolean): { fps: number | null; width: number; height: number } {
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

/**
 * The Camera entry: the technician sees the live picture, its real frame rate and
 * resolution, the camera's name, and the face box the host's face engine finds (one frame a
 * second, `diag.cameraProbe`). The camera is on only while this tab is open.
 */
export function CameraPanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const { info } = useConnection();
  const config = info?.camera ?? null;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const camera = useCamera(config, !!config, videoRef);
  const open = camera.k === 'open';
  const rate = useFrameRate(videoRef, open);
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

  if (!config) return <p className="diag-note" data-testid="diag-camera">{t('camera.notConfigured')}</p>;
  const failed = camera.k === 'failed' ? camera : null;
  return (
    <div className="diag-camera" data-testid="diag-camera" data-state={camera.k}>
      <div className="diag-camera-view">
        <video ref={videoRef} className="diag-camera-video" muted playsInline autoPlay data-testid="diag-camera-video" />
        {probe && (
          <svg className="diag-camera-overlay" viewBox={`0 0 ${probe.width} ${probe.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            {probe.faces.map((f, i) => (
              <g key={i}>
                <rect x={f.box[0]} y={f.box[1]} width={f.box[2]} height={f.box[3]} className="diag-face-box" />
                <text x={f.box[0]} y={Math.max(16, f.box[1] - 6)} className="diag-face-score">
                  {f.score.toFixed(2)}
                </text>
              </g>
            ))}
          </svg>
        )}
        <canvas ref={canvasRef} width={0} height={0} hidden />
      </div>
      <div className="diag-camera-info">
        <dl className="diag-facts">
          <dt>{t('camera.label')}</dt>
          <dd data-testid="diag-camera-label">{open ? camera.label : camera.k === 'opening' ? t('camera.opening') : ''}</dd>
          <dt>{t('camera.configured')}</dt>
          <dd>{t('camera.configuredValue', { label: config.label ?? t('camera.any'), deviceId: config.deviceId ?? t('camera.any'), width: config.width, height: config.height })}</dd>
          <dt>{t('camera.resolution')}</dt>
          <dd data-testid="diag-camera-resolution">{rate.width ? `${rate.width}×${rate.height}` : '—'}</dd>
          <dt>{t('camera.frameRate')}</dt>
          <dd data-testid="diag-camera-fps">{rate.fps !== null ? t('camera.fps', { fps: rate.fps }) : '—'}</dd>
          <dt>{t('camera.faces')}</dt>
          <dd data-testid="diag-camera-faces">
            {probe ? t('camera.facesValue', { count: probe.faces.length, ms: Math.round(probe.ms), width: probe.width, height: probe.height }) : open && !probeNote ? t('camera.waiting') : '—'}
          </dd>
        </dl>
        {failed && (
          <p className="diag-error" role="alert" data-testid="diag-camera-error">
            {t(`camera.failed.${failed.reason}`, { message: failed.message })}
          </p>
        )}
        {probeNote && (
          <p className="diag-hint" data-testid="diag-camera-probe-note">
            {probeNote}
          </p>
        )}
        <p className="diag-hint">{t('camera.privacy')}</p>
      </div>
    </div>
  );
}
