import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaskedIdentity } from '../../../contracts/devices.js';
import { HostError } from '../host/client.js';
import { useHost } from '../host/host-context.js';
import { IdCardIcon } from '../icons/icons.js';

const READ_TIMEOUT_SEC = 60;

type Phase = { k: 'waiting' } | { k: 'done'; id: MaskedIdentity } | { k: 'error'; message: string };

/**
 * The sample flow: ask for the ID card, show the masked name and number, return home.
 * Leaving the screen cancels the read (cancellation, not an error).
 */
export function IdentifyScreen({ onDone, onBack, onBusy }: { onDone(): void; onBack(): void; onBusy(b: boolean): void }) {
  const { t } = useTranslation();
  const host = useHost();
  const [phase, setPhase] = useState<Phase>({ k: 'waiting' });
  const [left, setLeft] = useState(READ_TIMEOUT_SEC);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    setPhase({ k: 'waiting' });
    setLeft(READ_TIMEOUT_SEC);
    const started = Date.now();
    const tick = setInterval(() => setLeft(Math.max(0, READ_TIMEOUT_SEC - Math.floor((Date.now() - started) / 1000))), 500);
    onBusy(true);
    host.call('idcard.read', { timeoutMs: READ_TIMEOUT_SEC * 1000 }, { signal: ac.signal }).then(
      (id) => setPhase({ k: 'done', id }),
      (e: unknown) => {
        if (ac.signal.aborted) return;
        const err = e instanceof HostError ? e : null;
        const message =
          err?.code === 'timeout' ? t('identify.timeout') : err?.code === 'device-offline' ? t('identify.offline') : t('identify.failed', { message: err?.message ?? String(e) });
        setPhase({ k: 'error', message });
      },
    ).finally(() => {
      clearInterval(tick);
      onBusy(false);
    });
    return () => {
      ac.abort();
      clearInterval(tick);
      onBusy(false);
    };
  }, [host, attempt, onBusy, t]);

  return (
    <main className="screen" data-testid="identify">
      {phase.k === 'waiting' && (
        <>
          <h1>{t('identify.title')}</h1>
          <div className="card-slot" aria-hidden="true">
            <div className="card-anim">
              <IdCardIcon />
            </div>
          </div>
          <p className="instruction">{t('identify.instruction')}</p>
          <p className="countdown" aria-live="off" data-testid="read-countdown">
            {t('common.timeLeft', { count: left })}
          </p>
        </>
      )}
      {phase.k === 'done' && (
        <>
          <h1 className="ok-title">✓ {t('identify.success')}</h1>
          <dl className="identity" data-testid="identity">
            <dt>{t('identify.cardType')}</dt>
            <dd>{t(`identify.cardTypes.${phase.id.cardType}`)}</dd>
            <dt>{t('identify.name')}</dt>
            <dd data-testid="masked-name">{phase.id.maskedName}</dd>
            <dt>{t('identify.idNumber')}</dt>
            <dd data-testid="masked-id">{phase.id.maskedIdNumber}</dd>
          </dl>
          {phase.id.warnings.map((w) => (
            <p key={w} className="warning" role="alert">
              ⚠ {t(`identify.warnings.${w}`, { defaultValue: w })}
            </p>
          ))}
          <p className="instruction">{t('identify.takeCard')}</p>
        </>
      )}
      {phase.k === 'error' && (
        <>
          <h1>{t('identify.title')}</h1>
          <p className="error-text" role="alert" data-testid="identify-error">
            ⚠ {phase.message}
          </p>
          <button type="button" className="btn btn-primary btn-xl" onClick={() => setAttempt((a) => a + 1)}>
            {t('common.retry')}
          </button>
        </>
      )}
      <nav className="bottom-bar">
        <button type="button" className="btn btn-secondary btn-lg" onClick={onBack} data-testid="back">
          ← {t('common.back')}
        </button>
        {phase.k === 'done' && (
          <button type="button" className="btn btn-primary btn-lg" onClick={onDone} data-testid="done">
            {t('common.done')}
          </button>
        )}
      </nav>
    </main>
  );
}
