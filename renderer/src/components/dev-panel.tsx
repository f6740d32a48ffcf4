import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimState } from '../../../contracts/protocol.js';
import { useDevices, useHost } from '../host/host-context.js';
import { DocumentPrinterControls, ReceiptPrinterControls, type Printout } from './dev-panel-printers.js';

const SAMPLE_CODES = ['https://zwfw.example.gov.cn/qr/3205-0001', '91320508MA1MXK2C87', '苏州市民卡 0001234'];

/** Developer panel for simulated devices: place/remove cards, scan codes, set the printer's paper. */
export function DevPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const host = useHost();
  const devices = useDevices();
  const [sim, setSim] = useState<SimState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printout, setPrintout] = useState<Printout | null>(null);
  const refresh = () =>
    host.call('sim.state', {}).then((s) => {
      setSim(s);
      // What the simulated receipt printer printed last (text as decoded from its ESC/POS bytes, and line by line).
      if (s.printer) host.call('sim.printouts', { last: 1 }).then((r) => setPrintout(r.printouts.at(-1) ?? null), (e: unknown) => setError(String((e as Error).message)));
    }, (e: unknown) => setError(String((e as Error).message)));
  useEffect(() => {
    void refresh();
  }, []);
  const act = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setError(String((e as Error).message)));

  return (
    <aside className="dev-panel" role="dialog" aria-label={t('dev.title')} data-testid="dev-panel">
      <div className="dev-head">
        <h2>{t('dev.title')}</h2>
        <button type="button" className="btn btn-secondary" onClick={onClose} data-testid="dev-close">
          {t('dev.close')}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      <h3>{t('dev.devices')}</h3>
      <ul className="dev-devices">
        {devices.map((d) => (
          <li key={d.id} data-testid={`dev-device-${d.id}`}>
            {d.id}: <b>{t(`device.${d.state}`)}</b> {d.detail ?? ''}
          </li>
        ))}
      </ul>
      <h3>{t('dev.cards')}</h3>
      <div className="dev-row">
        {sim?.cards.map((c) => (
          <button key={c.key} type="button" className="btn btn-small" onClick={() => act(host.call('sim.placeCard', { key: c.key }))} data-testid={`sim-card-${c.key}`}>
            {t('dev.place')} {c.label}
          </button>
        ))}
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.removeCard', {}))} data-testid="sim-remove-card">
          {t('dev.remove')}
        </button>
      </div>
      {sim && sim.sscards.length > 0 && (
        <>
          <h3>
            {t('dev.sscards')} {sim.sscard && <small data-testid="sim-sscard-via">({sim.sscard.via}{sim.sscard.card ? `: ${sim.sscard.card}` : ''})</small>}
          </h3>
          <div className="dev-row">
            {sim.sscards.map((c) => (
              <button key={c.key} type="button" className="btn btn-small" onClick={() => act(host.call('sim.insertSsCard', { key: c.key }))} data-testid={`sim-sscard-${c.key}`}>
                {t('dev.insert')} {c.label}
              </button>
            ))}
            <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.removeSsCard', {}))} data-testid="sim-remove-sscard">
              {t('dev.removeSscard')}
            </button>
          </div>
        </>
      )}
      <h3>{t('dev.scan')}</h3>
      <div className="dev-row">
        {SAMPLE_CODES.map((c, i) => (
          <button key={c} type="button" className="btn btn-small" onClick={() => act(host.call('sim.scan', { data: c }))} data-testid={`sim-scan-${i}`}>
            {c}
          </button>
        ))}
      </div>
      {sim?.printer && <ReceiptPrinterControls act={act} printout={printout} />}
      {sim?.documentPrinter && <DocumentPrinterControls act={act} />}
    </aside>
  );
}
