import i18next from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagDocumentCamera } from '../../../contracts/diagnostics-protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

/**
 * This entry's strings, merged into the `diag` namespace here rather than in diagnostics-strings.ts,
 * which is close to the size limit for one file (the tab's name is there with the other tabs').
 */
const STRINGS = {
  'zh-CN': {
    docCamera: {
      title: '高拍仪',
      checking: '正在启动图像处理（OpenCV），首次约需数秒…',
      state: { ready: '就绪', offline: '未配置', error: '故障' },
      notConfigured: '本终端未配置高拍仪（devices.documentCamera: null）',
      label: '名称',
      deviceId: '设备号',
      resolution: '拍摄分辨率',
      any: '任意（第一个摄像头）',
      worker: '图像处理（OpenCV）',
      workerStarted: '已启动，用时 {{ms}} 毫秒',
      workerFailed: '未能启动：{{message}}',
      note: '画面由办事屏幕自行打开；此处检查配置与本机图像处理。如需查看画面，请在办事流程中拍摄一页材料。',
      recheck: '重新检查',
    },
  },
  en: {
    docCamera: {
      title: 'Document camera',
      checking: 'Starting the page processing (OpenCV); the first start takes a few seconds…',
      state: { ready: 'Ready', offline: 'Not configured', error: 'Fault' },
      notConfigured: 'This kiosk has no document camera configured (devices.documentCamera: null)',
      label: 'Label',
      deviceId: 'Device id',
      resolution: 'Capture resolution',
      any: 'any (the first camera)',
      worker: 'Page processing (OpenCV)',
      workerStarted: 'started in {{ms}} ms',
      workerFailed: 'did not start: {{message}}',
      note: 'The screen opens the camera itself; this checks its configuration and the page processing on this kiosk. Capture a material in a service to check the picture.',
      recheck: 'Check again',
    },
  },
} as const;

/** Add this entry's strings to the `diag` namespace once (deep merge: the other entries' stay). */
export function ensureDocumentCameraStrings(): void {
  if (i18next.exists('docCamera.title', { ns: DIAG_NS, lng: 'zh-CN' })) return;
  for (const [lng, strings] of Object.entries(STRINGS)) i18next.addResourceBundle(lng, DIAG_NS, strings, true, false);
}

/**
 * The document camera (高拍仪) entry: label, device id, resolution as configured, and whether the
 * page-processing worker started and how long OpenCV took; "not configured" where the kiosk has none.
 */
export function DocumentCameraPanel() {
  ensureDocumentCameraStrings();
  const { t } = useTranslation(DIAG_NS);
  // The session's call changes identity as the screen re-renders: the check runs on entry and on a tap only.
  const call = useRef(useDiagCall());
  const [health, setHealth] = useState<DiagDocumentCamera | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = useCallback(() => {
    setHealth(null);
    setError(null);
    call.current('diag.documentCamera', { timeoutMs: 60_000 }).then(setHealth, (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(check, [check]);
  const h = health;
  return (
    <article className={`diag-card diag-doccam${h ? ` diag-state-${h.state}` : ''}`} data-testid="diag-doccam" data-state={h?.state ?? (error ? 'failed' : 'checking')}>
      <h3>
        {t('docCamera.title')} <small className="diag-mono">document-camera</small>
        {h && <span data-testid="diag-doccam-state"> {t(`docCamera.state.${h.state}`)}</span>}
      </h3>
      {!h && !error && <p className="diag-hint">{t('docCamera.checking')}</p>}
      {error && <p className="diag-error" data-testid="diag-doccam-error">{error}</p>}
      {h && !h.configured && <p data-testid="diag-doccam-not-configured">{t('docCamera.notConfigured')}</p>}
      {h?.configured && (
        <dl className="diag-facts">
          <dt>{t('docCamera.label')}</dt>
          <dd data-testid="diag-doccam-label">{h.label ?? t('docCamera.any')}</dd>
          <dt>{t('docCamera.deviceId')}</dt>
          <dd className="diag-mono" data-testid="diag-doccam-device-id">{h.deviceId ?? t('docCamera.any')}</dd>
          <dt>{t('docCamera.resolution')}</dt>
          <dd data-testid="diag-doccam-resolution">{`${h.width}×${h.height}`}</dd>
          <dt>{t('docCamera.worker')}</dt>
          <dd className={h.worker?.started ? 'diag-ok' : 'diag-error'} data-testid="diag-doccam-worker" data-started={String(h.worker?.started ?? false)}>
            {h.worker?.started ? t('docCamera.workerStarted', { ms: h.worker.ms }) : t('docCamera.workerFailed', { message: h.worker?.message ?? '' })}
          </dd>
        </dl>
      )}
      <p className="diag-hint">{t('docCamera.note')}</p>
      <div className="diag-row">
        <button type="button" className="diag-btn" onClick={check} disabled={!h && !error} data-testid="diag-doccam-recheck">
          {t('docCamera.recheck')}
        </button>
      </div>
    </article>
  );
}
