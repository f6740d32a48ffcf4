import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus, HealthLevel, HealthResult } from '../../../contracts/devices.js';
import type { DiagEvent } from '../../../contracts/diagnostics-protocol.js';
import { useHost } from '../host/host-context.js';
import { DeviceTest, isTestable } from './device-test.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

const MAX_EVENTS = 200;

function eventLine(e: DiagEvent, t: (k: string, o?: Record<string, unknown>) => string): string {
  const d = e.data as Partial<DeviceStatus> & { kind?: string; message?: string };
  if (e.event === 'device.status') return `${t(`device.${d.kind}`, { defaultValue: d.id ?? '' })}: ${t(`state.${d.state}`, { defaultValue: d.state ?? '' })}${d.detail ? ` (${d.detail})` : ''}`;
  return `${d.kind ?? 'alert'}: ${d.message ?? ''}`;
}

/** Every device: state, model, last error with the suggested action, health checks; the live event log. */
export function DevicesPanel() {
  const { t } = useTranslation(DIAG_NS);
  const host = useHost();
  const call = useDiagCall();
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  const [events, setEvents] = useState<DiagEvent[]>([]);
  const [results, setResults] = useState<Record<string, HealthResult | { error: string } | 'running'>>({});
  useEffect(() => {
    call('diag.devices', {}).then(
      (r) => {
        setDevices(r.devices);
        setEvents(r.events);
      },
      (e: unknown) => console.error('diag.devices failed', e),
    );
    const push = (event: string, data: unknown) => setEvents((prev) => [...prev, { at: new Date().toISOString(), event, data }].slice(-MAX_EVENTS));
    const a = host.on('device.status', (s) => {
      setDevices((prev) => prev.map((d) => (d.id === s.id ? s : d)));
      push('device.status', s);
    });
    const b = host.on('kiosk.alert', (x) => push('kiosk.alert', x));
    return () => {
      a();
      b();
    };
  }, [host]);

  const check = (id: string, level: HealthLevel) => {
    setResults((r) => ({ ...r, [id]: 'running' }));
    call('diag.checkHealth', { id, level }).then(
      (res) => setResults((r) => ({ ...r, [id]: res })),
      (e: unknown) => setResults((r) => ({ ...r, [id]: { error: errorText(e) } })),
    );
  };

  return (
    <div className="diag-devices">
      {devices.map((d) => (
        <DeviceCard key={d.id} d={d} res={results[d.id]} check={(level) => check(d.id, level)} />
      ))}
      <h3>{t('eventLog')}</h3>
      <ol className="diag-log" data-testid="diag-events">
        {events.length === 0 && <li>{t('noEvents')}</li>}
        {[...events].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <time>{new Date(e.at).toLocaleTimeString()}</time> {eventLine(e, t)}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** One device: state, model, last error with the suggested action, its health checks and their result. */
function DeviceCard({ d, res, check }: { d: DeviceStatus; res: HealthResult | { error: string } | 'running' | undefined; check(level: HealthLevel): void }) {
  const { t } = useTranslation(DIAG_NS);
  return (
    <article className={`diag-card diag-state-${d.state}`} data-testid={`diag-device-${d.id}`}>
      <h3>
        {t(`device.${d.kind}`, { defaultValue: d.id })} <small className="diag-mono">{d.id}</small> <span data-testid={`diag-state-${d.id}`} data-state={d.state}>{t(`state.${d.state}`)}</span>
        {d.detail && <small data-testid={`diag-detail-${d.id}`}> {d.detail}</small>}
      </h3>
      <p>
        {t('model')}: {d.model ?? '—'} · {t('transport')}: {d.transport}
        {d.simulated ? ' (sim)' : ''}
      </p>
      {d.lastError && (
        <p className="diag-error" data-testid={`diag-last-error-${d.id}`}>
          {t('lastError')}: {d.lastError.code} — {d.lastError.message} ({new Date(d.lastError.at).toLocaleTimeString()}) · {t('suggested')}: {t(`action.${d.lastError.action}`)}
        </p>
      )}
      <div className="diag-row">
        <button type="button" className="diag-btn" onClick={() => check('internal')} data-testid={`diag-check-${d.id}-internal`}>
          {t('checkInternal')}
        </button>
        {isTestable(d.kind) ? (
          <DeviceTest device={d.kind} />
        ) : (
          <button type="button" className="diag-btn" onClick={() => check('external')} data-testid={`diag-check-${d.id}-external`}>
            {t('checkExternal')}
          </button>
        )}
      </div>
      {res && res !== 'running' && (
        <p className={'error' in res || !res.ok ? 'diag-error' : 'diag-ok'} data-testid={`diag-health-${d.id}`} data-ok={'error' in res ? 'false' : String(res.ok)} data-action={'error' in res ? '' : res.action}>
          {'error' in res
            ? res.error
            : `${t(`level.${res.level}`)}: ${res.ok ? t('healthOk') : t('healthFailed')} — ${t(`state.${res.state}`)}${res.detail ? ` (${res.detail})` : ''}; ${res.message}. ${t('suggested')}: ${t(`action.${res.action}`)}`}
        </p>
      )}
    </article>
  );
}
