import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagRawResult } from '../../../contracts/diagnostics-protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

type RawDevice = 'idcard-reader' | 'receipt-printer' | 'sscard-reader';
const RAW_DEVICES: readonly RawDevice[] = ['idcard-reader', 'sscard-reader', 'receipt-printer'];

/** Commands a technician reaches for first (the manuals' names). */
const PRESETS: Record<RawDevice, { label: string; hex: string }[]> = {
  'idcard-reader': [
    { label: '11 FF SAM status', hex: 'AA AA AA 96 69 00 03 11 FF ED' },
    { label: '12 FF SAM id', hex: 'AA AA AA 96 69 00 03 12 FF EE' },
    { label: '20 01 find card', hex: 'AA AA AA 96 69 00 03 20 01 22' },
  ],
  // The social security card: select its application, then EF05 record 1 (the answer's data is withheld).
  'sscard-reader': [
    { label: 'A4-04 SELECT sx1.sh.社会保障', hex: '00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF' },
    { label: 'A4-02 SELECT EF05', hex: '00 A4 02 00 02 EF 05' },
    { label: 'B2 READ RECORD 01', hex: '00 B2 01 04 00' },
    { label: '84 GET CHALLENGE', hex: '00 84 00 00 08' },
  ],
  'receipt-printer': [
    { label: 'DLE EOT 1–4', hex: '10 04 01 10 04 02 10 04 03 10 04 04' },
    { label: 'GS r 1', hex: '1D 72 01' },
  ],
};
const HEX_KEYS = '0123456789ABCDEF'.split('');

/** Send hex bytes to a serial device and see the reply, decoded by the driver's codec. */
export function RawConsolePanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [device, setDevice] = useState<RawDevice>('receipt-printer');
  const [hex, setHex] = useState('');
  const [result, setResult] = useState<DiagRawResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = () => {
    setBusy(true);
    setError(null);
    call('diag.raw', { device, hex, timeoutMs: 2000 })
      .then(setResult, (e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  const key = (k: string) => setHex((h) => (h.replace(/\s/g, '').length % 2 === 0 && h.length > 0 ? `${h} ${k}` : h + k));
  return (
    <div className="diag-console">
      <div className="diag-row" role="radiogroup" aria-label={t('rawDevice')}>
        {RAW_DEVICES.map((d) => (
          <button key={d} type="button" role="radio" aria-checked={device === d} className={`diag-btn${device === d ? ' diag-primary' : ''}`} onClick={() => setDevice(d)} data-testid={`diag-raw-device-${d}`}>
            {d}
          </button>
        ))}
      </div>
      <p>{t('presets')}</p>
      <div className="diag-row">
        {PRESETS[device].map((p) => (
          <button key={p.label} type="button" className="diag-btn" onClick={() => setHex(p.hex)} data-testid={`diag-raw-preset-${p.label.split(' ')[0]}`}>
            {p.label}
          </button>
        ))}
      </div>
      <label>
        {t('rawHex')}
        <input className="diag-input diag-mono" value={hex} onChange={(e) => setHex(e.target.value)} spellCheck={false} data-testid="diag-raw-hex" />
      </label>
      <div className="diag-hexpad">
        {HEX_KEYS.map((k) => (
          <button key={k} type="button" className="diag-key" onClick={() => key(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="diag-key" onClick={() => setHex((h) => h.trimEnd().slice(0, -1).trimEnd())}>
          ⌫
        </button>
      </div>
      <button type="button" className="diag-btn diag-primary" disabled={busy || !hex.trim()} onClick={send} data-testid="diag-raw-send">
        {t('rawSend')}
      </button>
      {error && <p className="diag-error" data-testid="diag-raw-error">{error}</p>}
      {result && (
        <dl className="diag-facts">
          <dt>{t('rawReply')}</dt>
          <dd className="diag-mono" data-testid="diag-raw-reply">{result.reply || '—'}</dd>
          <dt>{t('rawDecoded')}</dt>
          <dd>
            <ul data-testid="diag-raw-decoded">
              {result.decoded.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
    </div>
  );
}
