import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../host/host-context.js';
import { CalibrationPanel } from './calibration-panel.js';
import { CameraPanel } from './camera-panel.js';
import { DevicesPanel } from './devices-panel.js';
import { DocumentCameraPanel } from './document-camera-panel.js';
import { FleetPanel } from './fleet-panel.js';
import { DIAG_NS, ensureDiagnosticsStrings } from './diagnostics-strings.js';
import { QueuePanel } from './queue-panel.js';
import { RawConsolePanel } from './raw-console-panel.js';
import { SystemPanel } from './system-panel.js';
import { useHost } from '../host/host-context.js';
import { reportOverlayScreen } from '../host/screen-report.js';
import './diagnostics.css';

const TABS = ['devices', 'console', 'documents', 'queue', 'fleet', 'camera', 'document-camera', 'system'] as const;
type Tab = (typeof TABS)[number];

/** The diagnostics screen: one tab per task, and the way out. */
export function DiagnosticsScreen({ onLeave }: { onLeave(): void }) {
  ensureDiagnosticsStrings();
  const { t } = useTranslation(DIAG_NS);
  const [tab, setTab] = useState<Tab>('devices');
  const host = useHost();
  // Fleet telemetry `screen`: diagnostics covers whatever the kiosk showed until the technician leaves.
  useEffect(() => {
    reportOverlayScreen(host, 'diagnostics');
    return () => reportOverlayScreen(host, null);
  }, [host]);
  const { info } = useConnection();
  return (
    <div className="diag-overlay diag-screen" role="dialog" aria-modal="true" aria-label={t('title')} data-testid="diag-screen">
      <div className="diag-head">
        <h2>
          {t('title')} <small data-testid="diag-kiosk-id">{t('kioskId', { id: info?.kioskId ?? '' })}</small>
        </h2>
        <button type="button" className="diag-btn diag-primary" onClick={onLeave} data-testid="diag-exit">
          {t('exit')}
        </button>
      </div>
      <nav className="diag-tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={`diag-tab${tab === x ? ' active' : ''}`} onClick={() => setTab(x)} data-testid={`diag-tab-${x}`}>
            {t(`tabs.${x}`)}
          </button>
        ))}
      </nav>
      <section className="diag-body" role="tabpanel">
        {tab === 'devices' && <DevicesPanel />}
        {tab === 'console' && <RawConsolePanel />}
        {tab === 'documents' && <CalibrationPanel />}
        {tab === 'queue' && <QueuePanel />}
        {tab === 'fleet' && <FleetPanel />}
        {/* Mounted only while its tab is open: the camera is off otherwise. */}
        {tab === 'camera' && <CameraPanel />}
        {tab === 'document-camera' && <DocumentCameraPanel />}
        {tab === 'system' && <SystemPanel />}
      </section>
    </div>
  );
}
