import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagCameraProbe } from '../../../contracts/diagnostics-protocol.js';
import { useCamera } from '../devices/use-camera.js';
import { useConnection } from '../host/host-context.js';
import { DIAG_NS } from './diagnostics-strings.js';
import { useCameraProbe } from './use-camera-probe.js';
import { useFrameRate } from './use-frame-rate.js';

/**
 * The Camera entry: the technician sees the live picture, its real frame rate and
 * resolution, the camera's name, and the face box the host's face engine finds (one frame a
 * second, `diag.cameraProbe`). The camera is on only while this tab is open.
 */
export function CameraPanel() {
  const { t } = useTranslation(DIAG_NS);
  const { info } = useConnection();
  const config = info?.camera ?? null;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const camera = useCamera(config, !!config, videoRef);
  const open = camera.k === 'open';
  const rate = useFrameRate(videoRef, open);
  const { probe, probeNote } = useCameraProbe(open, videoRef, canvasRef);

  if (!config) return <p className="diag-note" data-testid="diag-camera">{t('camera.notConfigured')}</p>;
  const failed = camera.k === 'failed' ? camera : null;
  return (
    <div className="diag-camera" data-testid="diag-camera" data-state={camera.k}>
      <div className="diag-camera-view">
        <video ref={videoRef} className="diag-camera-video" muted playsInline autoPlay data-testid="diag-camera-video" />
        {probe && <FaceBoxes probe={probe} />}
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

/** The faces the engine found, drawn over the live picture with their scores. */
function FaceBoxes({ probe }: { probe: DiagCameraProbe }) {
  return (
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
  );
}
