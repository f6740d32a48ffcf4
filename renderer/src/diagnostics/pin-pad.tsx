import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagStatus } from '../../../contracts/diagnostics-protocol.js';
import { HostError } from '../host/client.js';
import { useHost } from '../host/host-context.js';
import { DIAG_NS, ensureDiagnosticsStrings } from './diagnostics-strings.js';
import { errorText } from './diag-session.js';
import './diagnostics.css';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** The technician PIN pad; the host checks the PIN and keeps the lock-out. */
export function PinPad({ notice, onEntered, onCancel }: { notice: 'expired' | null; onEntered(token: string): void; onCancel(): void }) {
  ensureDiagnosticsStrings();
  const { t } = useTranslation(DIAG_NS);
  const host = useHost();
  const [pin, setPin] = useState('');
  const [status, setStatus] = useState<DiagStatus | null>(null);
  const [error, setError] = useState<string | null>(notice ? t(notice) : null);
  const [busy, setBusy] = useState(false);
  const refresh = () => host.call('diag.status', {}).then(setStatus, (e: unknown) => setError(errorText(e)));
  useEffect(() => {
    void refresh();
  }, []);
  const submit = () => {
    setBusy(true);
    host
      .call('diag.enter', { pin })
      .then(
        (r) => onEntered(r.token),
        (e: unknown) => {
          // The host's reason is for the audit log (English); the technician reads it in their language.
          const code = e instanceof HostError ? e.code : null;
          setError(code === 'forbidden' ? t('wrongPin') : code === 'rate-limited' ? t('tooFast') : errorText(e));
          setPin('');
          void refresh();
        },
      )
      .finally(() => setBusy(false));
  };
  const locked = status?.lockedUntil ? new Date(status.lockedUntil) : null;
  return (
    <div className="diag-overlay" role="dialog" aria-modal="true" aria-label={t('pinTitle')} data-testid="diag-pin">
      <div className="diag-pin">
        <h2>{t('pinTitle')}</h2>
        <p>{t('pinPrompt')}</p>
        <output className="diag-pin-dots" data-testid="diag-pin-value" aria-live="polite">
          {'●'.repeat(pin.length) || '\u00a0'}
        </output>
        {status && !status.available && <p className="diag-error">{t('unavailable')}</p>}
        {status?.defaultPin && <p className="diag-hint">{t('defaultPin')}</p>}
        {locked && (
          <p className="diag-error" data-testid="diag-locked">
            {t('locked', { until: locked.toLocaleTimeString() })}
          </p>
        )}
        {!locked && status && status.attemptsLeft < 5 && <p className="diag-hint" data-testid="diag-attempts">{t('attemptsLeft', { n: status.attemptsLeft })}</p>}
        {error && (
          <p className="diag-error" data-testid="diag-pin-error">
            {error}
          </p>
        )}
        <div className="diag-keypad">
          {KEYS.map((k) => (
            <button key={k} type="button" className="diag-key" onClick={() => setPin((p) => (p.length < 12 ? p + k : p))} data-testid={`diag-key-${k}`}>
              {k}
            </button>
          ))}
          <button type="button" className="diag-key" onClick={() => setPin('')} data-testid="diag-key-clear">
            {t('pinClear')}
          </button>
        </div>
        <div className="diag-row">
          <button type="button" className="diag-btn" onClick={onCancel} data-testid="diag-pin-cancel">
            {t('cancel')}
          </button>
          <button type="button" className="diag-btn diag-primary" disabled={busy || pin.length < 4 || !!locked} onClick={submit} data-testid="diag-pin-enter">
            {t('pinEnter')}
          </button>
        </div>
      </div>
    </div>
  );
}
