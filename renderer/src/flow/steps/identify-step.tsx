import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaskedIdentity } from '../../../../contracts/devices.js';
import { speak } from '../../elderly/voice.js';
import { useDevices, useHost } from '../../host/host-context.js';
import { Icon, IdCardIcon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { errorText, isCancelled } from '../error-text.js';
import { ForwardActions } from '../forward-slot.js';
import type { StepProps } from '../step-props.js';
import { useCountdown } from '../use-countdown.js';
import { HostError } from '../../host/client.js';

const DEFAULT_SEC = 60;

type Phase = { k: 'waiting' } | { k: 'done'; id: MaskedIdentity; by: 'card' | 'qr' } | { k: 'error'; message: string };

/**
 * Identify by ID card, by the citizen's e-government QR code, or by whichever comes first. Leaving
 * the step aborts the read (cancellation, not failure). The identity on screen is masked.
 */
export function IdentifyStep({ step, ctx, next, onBusy, phone }: StepProps<'identify'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const seconds = step.timeoutSec ?? DEFAULT_SEC;
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<Phase>(ctx.identity ? { k: 'done', id: ctx.identity, by: ctx.identifiedBy ?? 'card' } : { k: 'waiting' });
  // On a card-or-code step, a code that is no identity code is said at once (the card read goes on waiting).
  const [qrProblem, setQrProblem] = useState<string | null>(null);
  const left = useCountdown(seconds, attempt);
  const method = step.method;
  // The reader will not read a card left behind by the previous citizen until it is lifted off.
  const staleCard = useDevices().some((d) => d.kind === 'idcard-reader' && d.awaitingCardRemoval);
  const askToLift = staleCard && method !== 'qr' && phase.k === 'waiting';
  useEffect(() => {
    if (askToLift) speak(t('identifyStep.removeCard'), locale);
  }, [askToLift]);

  useEffect(() => {
    if (phase.k !== 'waiting') return;
    const ac = new AbortController();
    onBusy(true);
    const prompt = method === 'qr' ? t('identifyStep.titleQr') : method === 'either' ? t('identifyStep.titleEither') : t('identifyStep.titleIdcard');
    speak(prompt, locale);
    const timeoutMs = seconds * 1000;
    const until = Date.now() + timeoutMs;
    setQrProblem(null);
    /** Scan codes until one is an identity code; a wrong code is said plainly and the scanner listens again. */
    const scanUntilValid = async (): Promise<MaskedIdentity> => {
      for (;;) {
        try {
          return await host.call('identity.scan', { timeoutMs: Math.max(500, until - Date.now()) }, { signal: ac.signal });
        } catch (e) {
          if (!(e instanceof HostError && e.code === 'not-found') || ac.signal.aborted || Date.now() >= until) throw e;
          setQrProblem(t('identifyStep.qrInvalid'));
          speak(t('identifyStep.qrInvalid'), locale);
        }
      }
    };
    // Each read says how the citizen identified: only a card user is reminded to take a card.
    const reads: Promise<{ id: MaskedIdentity; by: 'card' | 'qr' }>[] = [];
    if (method !== 'qr') reads.push(host.call('idcard.read', { timeoutMs }, { signal: ac.signal }).then((id) => ({ id, by: 'card' as const })));
    if (method === 'qr') reads.push(host.call('identity.scan', { timeoutMs }, { signal: ac.signal }).then((id) => ({ id, by: 'qr' as const })));
    if (method === 'either') reads.push(scanUntilValid().then((id) => ({ id, by: 'qr' as const })));
    // Either way: the first identity wins, the other read is cancelled. An error only counts when all failed.
    Promise.any(reads).then(
      ({ id, by }) => {
        ac.abort();
        setPhase({ k: 'done', id, by });
        if (by === 'card') speak(t('identify.takeCard'), locale);
      },
      (agg: AggregateError) => {
        if (ac.signal.aborted) return;
        const errs = agg.errors as unknown[];
        const e = errs.find((x) => !isCancelled(x)) ?? errs[0];
        if (isCancelled(e)) return;
        const qrBad = e instanceof HostError && e.code === 'not-found';
        setPhase({ k: 'error', message: qrBad ? t('identifyStep.qrInvalid') : e instanceof HostError && e.code === 'timeout' ? t('identify.timeout') : errorText(t, e, phone) });
      },
    ).finally(() => onBusy(false));
    return () => {
      ac.abort();
      onBusy(false);
    };
  }, [attempt, phase.k, method]);

  const title = loc(step.title) || (method === 'qr' ? t('identifyStep.titleQr') : method === 'either' ? t('identifyStep.titleEither') : t('identifyStep.titleIdcard'));
  return (
    <section tabIndex={0} className="step step-identify" data-testid="identify">
      {phase.k === 'waiting' && (
        <>
          <h1>{title}</h1>
          <div className="card-slot" aria-hidden="true">
            {method !== 'qr' && (
              <div className="card-anim">
                <IdCardIcon />
              </div>
            )}
            {method !== 'idcard' && (
              <div className="card-anim qr-anim">
                <Icon name="qrcode" />
              </div>
            )}
          </div>
          {askToLift && (
            <p className="warning warning-strong" role="alert" data-testid="remove-card">
              <Icon name="warning" /> {t('identifyStep.removeCard')}
            </p>
          )}
          <p className="instruction">{method === 'qr' ? t('identifyStep.instructionQr') : t('identifyStep.instructionIdcard')}</p>
          {method === 'either' && <p className="instruction">{t('identifyStep.instructionQr')}</p>}
          {qrProblem && (
            <p className="error-text" role="alert" data-testid="identify-error">
              <Icon name="warning" /> {qrProblem}
            </p>
          )}
          <p className="countdown" data-testid="read-countdown">
            {t('common.timeLeft', { count: left })}
          </p>
        </>
      )}
      {phase.k === 'done' && (
        <>
          <h1 className="ok-title">
            <Icon name="check" /> {t('identifyStep.identified')}
          </h1>
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
              {t(`identify.warnings.${w}`, { defaultValue: w })}
            </p>
          ))}
          <ForwardActions>
            <button type="button" className="btn btn-secondary btn-lg" onClick={() => setPhase({ k: 'waiting' })} data-testid="identify-again">
              {t('identifyStep.again')}
            </button>
            <button type="button" className="btn btn-primary btn-lg" onClick={() => next({ identity: phase.id, identifiedBy: phase.by })} data-testid="next">
              {t('flow.next')}
            </button>
          </ForwardActions>
        </>
      )}
      {phase.k === 'error' && (
        <>
          <h1>{title}</h1>
          <p className="error-text" role="alert" data-testid="identify-error">
            <Icon name="warning" /> {phase.message}
          </p>
          <button
            type="button"
            className="btn btn-primary btn-xl"
            onClick={() => {
              setPhase({ k: 'waiting' });
              setAttempt((a) => a + 1);
            }}
            data-testid="retry"
          >
            {t('common.retry')}
          </button>
        </>
      )}
    </section>
  );
}
