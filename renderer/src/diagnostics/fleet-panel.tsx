import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetStatusView } from '../../../contracts/protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

const at = (iso: string | null, never: string) => (iso ? new Date(iso).toLocaleString() : never);

/**
 * The Fleet tab: the ThingsBoard connection, telemetry sent and buffered, the token's
 * presence (never its value), the last remote config and its state, the last command, OTA.
 */
export function FleetPanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [status, setStatus] = useState<FleetStatusView | null | undefined>(undefined);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    const refresh = () => void call('diag.fleet', {}).then((r) => setStatus(r.status), (e: unknown) => setNote(errorText(e)));
    refresh();
    const id = setInterval(refresh, 2000);
    return () => clearInterval(id);
  }, [call]);
  if (status === undefined) return note ? <p className="diag-note">{note}</p> : null;
  if (status === null) return <p className="diag-note" data-testid="diag-fleet">{t('fleet.notConfigured')}</p>;
  const rc = status.remoteConfig;
  const cmd = status.lastCommand;
  const fw = status.firmware;
  return (
    <dl className="diag-facts" data-testid="diag-fleet" data-connected={String(status.connected)}>
      <dt>{t('fleet.connection')}</dt>
      <dd>{status.connected ? t('fleet.connected', { url: status.url }) : t('fleet.disconnected', { state: status.state, url: status.url ?? '' })}{status.lastError && !status.connected ? ` — ${status.lastError}` : ''}</dd>
      <dt>{t('fleet.lastTelemetry')}</dt>
      <dd>{at(status.lastTelemetryAt, t('fleet.never'))}</dd>
      <dt>{t('fleet.buffered')}</dt>
      <dd data-testid="diag-fleet-buffered">{t('fleet.bufferedValue', { n: status.buffered, dropped: status.dropped })}</dd>
      <dt>{t('fleet.token')}</dt>
      <dd>{status.tokenPresent ? t('fleet.tokenPresent', { source: status.tokenSource ?? '' }) : t('fleet.tokenNone')}</dd>
      <dt>{t('fleet.remoteConfig')}</dt>
      <dd>{rc ? `${rc.state} ${rc.hash} · ${at(rc.at, '')}${rc.error ? ` — ${rc.error}` : ''}` : t('fleet.none')}</dd>
      <dt>{t('fleet.lastCommand')}</dt>
      <dd>{cmd ? `${cmd.method} ${cmd.ok ? 'ok' : (cmd.code ?? '')} · ${at(cmd.at, '')}` : t('fleet.none')}</dd>
      <dt>{t('fleet.outOfService')}</dt>
      <dd>{status.outOfService.on ? t('fleet.on', { message: status.outOfService.message ?? '' }) : t('fleet.off')}</dd>
      <dt>{t('fleet.firmware')}</dt>
      <dd>{fw ? `${fw.state} ${fw.title ?? ''} ${fw.version ?? ''}${fw.error ? ` — ${fw.error}` : ''}` : t('fleet.none')}</dd>
    </dl>
  );
}
