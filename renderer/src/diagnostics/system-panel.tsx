import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagAuditEntry, DiagCalibration, DiagSystem } from '../../../contracts/diagnostics-protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

const GB = 1024 ** 3;
const duration = (s: number) => `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ${Math.floor((s % 3600) / 60)}m`;

/** Versions, uptime, disk, network, back-end health, the config in effect, logs, audit, restart/exit. */
export function SystemPanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [sys, setSys] = useState<DiagSystem | null>(null);
  const [audit, setAudit] = useState<DiagAuditEntry[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'restart' | 'exit' | null>(null);
  const [calibration, setCalibration] = useState<DiagCalibration | null>(null);
  const refresh = () => {
    call('diag.system', {}).then(setSys, (e: unknown) => setNote(errorText(e)));
    // The offsets saved from the calibration tab override the config file's: the config view shows those in effect.
    call('diag.calibration.get', {}).then(setCalibration, (e: unknown) => setNote(errorText(e)));
    call('diag.audit', { limit: 50 }).then((r) => setAudit(r.entries), (e: unknown) => setNote(errorText(e)));
  };
  useEffect(refresh, []);
  const restart = (mode: 'restart' | 'exit') =>
    call('diag.restart', { mode }).then(
      () => setNote(t('restartRequested', { what: mode === 'restart' ? t('restartApp') : t('exitKiosk') })),
      (e: unknown) => setNote(errorText(e)),
    );
  return (
    <div className="diag-system">
      {sys && (
        <dl className="diag-facts" data-testid="diag-system">
          <dt>{t('versions')}</dt>
          <dd>{Object.entries(sys.versions).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(' · ')}</dd>
          <dt>{t('uptime')}</dt>
          <dd>
            app {duration(sys.uptime.processSec)} · OS {duration(sys.uptime.systemSec)}
          </dd>
          <dt>{t('disk')}</dt>
          <dd data-testid="diag-disk">{sys.disk ? t('diskFree', { free: (sys.disk.availableBytes / GB).toFixed(1), total: (sys.disk.totalBytes / GB).toFixed(1), path: sys.disk.path }) : '—'}</dd>
          <dt>{t('network')}</dt>
          <dd>
            {sys.network.online ? t('online') : t('offlineNet')} {sys.network.interfaces.map((i) => `${i.name} ${i.address}`).join(', ')}
          </dd>
          <dt>{t('backend')}</dt>
          <dd data-testid="diag-backend" data-ok={String(sys.backend.ok)}>
            {sys.backend.url}: {sys.backend.ok ? t('online') : `${t('offlineNet')} (${sys.backend.error ?? ''})`} {sys.backend.ms} ms
          </dd>
        </dl>
      )}
      <div className="diag-row">
        <button type="button" className="diag-btn" onClick={refresh}>
          {t('refresh')}
        </button>
        <button type="button" className="diag-btn" onClick={() => void call('diag.logs.export', {}).then((r) => setNote(t('logsExported', { n: r.files.length, dir: r.dir })), (e: unknown) => setNote(errorText(e)))} data-testid="diag-export-logs">
          {t('exportLogs')}
        </button>
        <button type="button" className="diag-btn" onClick={() => setConfirm('restart')} data-testid="diag-restart">
          {t('restartApp')}
        </button>
        <button type="button" className="diag-btn" onClick={() => setConfirm('exit')} data-testid="diag-exit-kiosk">
          {t('exitKiosk')}
        </button>
        {confirm && (
          <button type="button" className="diag-btn diag-danger" onClick={() => void restart(confirm).finally(() => setConfirm(null))} data-testid="diag-confirm">
            {t('confirm')}: {confirm === 'restart' ? t('restartApp') : t('exitKiosk')}
          </button>
        )}
      </div>
      {note && <p data-testid="diag-system-note">{note}</p>}
      {sys && (
        <details>
          <summary>{t('config')}</summary>
          <pre className="diag-mono diag-pre" data-testid="diag-config">{JSON.stringify(withCalibration(sys.config, calibration), null, 2)}</pre>
        </details>
      )}
      <h3>{t('audit')}</h3>
      <ol className="diag-log" data-testid="diag-audit">
        {audit.map((a, i) => (
          <li key={`${a.at}-${i}`} data-action={a.action} data-ok={String(a.ok)}>
            <time>{new Date(a.at).toLocaleString()}</time> {a.action} {a.ok ? '✓' : '✗'} {a.detail}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The config in effect, with the saved calibration (calibration.json) in place of the file's `documents.calibration`. */
function withCalibration(config: unknown, c: DiagCalibration | null): unknown {
  if (!c?.saved || !config || typeof config !== 'object') return config;
  const cfg = config as Record<string, unknown>;
  const documents = (cfg.documents && typeof cfg.documents === 'object' ? cfg.documents : {}) as Record<string, unknown>;
  return { ...cfg, documents: { ...documents, calibration: { A3: c.A3, A4: c.A4 } } };
}
