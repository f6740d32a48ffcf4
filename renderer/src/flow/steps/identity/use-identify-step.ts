import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { MaskedIdentity } from '../../../../../contracts/devices.js';
import { identifyAccepts } from '../../../../../contracts/service-devices.js';
import { speak } from '../../../elderly/voice.js';
import { HostError, type HostClient } from '../../../host/client.js';
import { useDevices, useHost } from '../../../host/host-context.js';
import { useLocalized } from '../../../i18n/localize.js';
import { errorText, isCancelled } from '../../error-text.js';
import type { StepProps } from '../../step-props.js';
import { useCountdown } from '../../use-countdown.js';

const DEFAULT_SEC = 60;

export type IdentifyPhase = { k: 'waiting' } | { k: 'done'; id: MaskedIdentity; by: 'card' | 'qr' } | { k: 'error'; message: string };

/** The reason a social security card was refused, from the host's `[reason] …` message. */
function ssRefusal(e: unknown): string | null {
  if (!(e instanceof HostError) || (e.code !== 'card-unsupported' && e.code !== 'psam-required')) return null;
  return /^\[([a-z-]+)\]/.exec(e.message)?.[1] ?? 'unknown';
}

/** Read social security cards until one identifies; a bank, blank or expired card is said (`refused`) and the reader waits for the next. */
async function sscardUntilValid(host: HostClient, serviceId: string, until: number, signal: AbortSignal, refused: (reason: string) => void): Promise<MaskedIdentity> {
  for (;;) {
    try {
      return await host.call('sscard.read', { timeoutMs: Math.max(500, until - Date.now()), serviceId }, { signal });
    } catch (e) {
      const failed = e instanceof HostError && (e.code === 'card-removed' || e.code === 'card-unreadable' || e.code === 'protocol-error' || e.code === 'device-error');
      const reason = ssRefusal(e) ?? (failed ? 'failed' : null);
      // A refused card or one that could not be read: say so and wait for the next card.
      if (reason === null || signal.aborted || Date.now() >= until) throw e;
      refused(reason);
    }
  }
}

/** Scan codes until one is an identity code; a wrong code is said (`invalid`) and the scanner listens again. */
async function qrUntilValid(host: HostClient, until: number, signal: AbortSignal, invalid: () => void): Promise<MaskedIdentity> {
  for (;;) {
    try {
      return await host.call('identity.scan', { timeoutMs: Math.max(500, until - Date.now()) }, { signal });
    } catch (e) {
      if (!(e instanceof HostError && e.code === 'not-found') || signal.aborted || Date.now() >= until) throw e;
      invalid();
    }
  }
}

/** Why no read identified the citizen, in plain words. */
function failureText(t: TFunction, e: unknown, phone: string): string {
  const ss = ssRefusal(e);
  if (ss) return t(`identifyStep.sscard.${ss}`, { defaultValue: t('identifyStep.sscard.unknown') });
  if (e instanceof HostError && e.code === 'not-found') return t('identifyStep.qrInvalid');
  if (e instanceof HostError && e.code === 'timeout') return t('identify.timeout');
  return errorText(t, e, phone);
}

/** The step's default title: what it accepts. */
function identifyTitle(t: TFunction, accepts: readonly string[], method: 'qr' | 'either' | 'idcard'): string {
  const withSs = accepts.includes('sscard');
  const withIdCard = accepts.includes('idcard');
  if (withSs) return withIdCard ? (accepts.includes('app-qr') ? t('identifyStep.titleCardsOrQr') : t('identifyStep.titleCards')) : t('identifyStep.titleSscard');
  return method === 'qr' ? t('identifyStep.titleQr') : method === 'either' ? t('identifyStep.titleEither') : t('identifyStep.titleIdcard');
}

/** The reader will not read a card left behind by the previous citizen until it is lifted off: ask (and say) so while waiting for one. */
function useAskToLift(waitingForCard: boolean): boolean {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const staleCard = useDevices().some((d) => d.kind === 'idcard-reader' && d.awaitingCardRemoval);
  const askToLift = staleCard && waitingForCard;
  useEffect(() => {
    if (askToLift) speak(t('identifyStep.removeCard'), locale);
  }, [askToLift]);
  return askToLift;
}

/**
 * The identify step's state: runs the reads the step accepts (ID card, social security card, the
 * e-government QR code), whichever comes first wins and the others are cancelled; leaving the step
 * aborts them (cancellation, not failure). Says what to do, and why a card or code was refused.
 */
export function useIdentifyStep({ def, step, ctx, onBusy, phone }: StepProps<'identify'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const seconds = step.timeoutSec ?? DEFAULT_SEC;
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<IdentifyPhase>(ctx.identity ? { k: 'done', id: ctx.identity, by: ctx.identifiedBy ?? 'card' } : { k: 'waiting' });
  // On a card-or-code step, a code that is no identity code is said at once (the card read goes on waiting).
  const [qrProblem, setQrProblem] = useState<string | null>(null);
  const left = useCountdown(seconds, attempt);
  const accepts = identifyAccepts(step);
  const withSs = accepts.includes('sscard');
  // The ID card / QR code presentation as before; the social security card is added beside them.
  const method = !accepts.includes('idcard') && !withSs ? 'qr' : accepts.includes('app-qr') ? 'either' : 'idcard';
  const withIdCard = accepts.includes('idcard');
  const [ssProblem, setSsProblem] = useState<string | null>(null);
  const askToLift = useAskToLift(withIdCard && phase.k === 'waiting');

  useEffect(() => {
    if (phase.k !== 'waiting') return;
    const ac = new AbortController();
    onBusy(true);
    speak(titleFor(), locale);
    const timeoutMs = seconds * 1000;
    const until = Date.now() + timeoutMs;
    setQrProblem(null);
    setSsProblem(null);
    const ssUntilValid = () =>
      sscardUntilValid(host, def.id, until, ac.signal, (reason) => {
        const text = t(`identifyStep.sscard.${reason}`, { defaultValue: t('identifyStep.sscard.unknown') });
        setSsProblem(text);
        speak(text, locale);
      });
    const scanUntilValid = () =>
      qrUntilValid(host, until, ac.signal, () => {
        setQrProblem(t('identifyStep.qrInvalid'));
        speak(t('identifyStep.qrInvalid'), locale);
      });
    // Each read says how the citizen identified: only a card user is reminded to take a card.
    const reads: Promise<{ id: MaskedIdentity; by: 'card' | 'qr' }>[] = [];
    if (withIdCard) reads.push(host.call('idcard.read', { timeoutMs }, { signal: ac.signal }).then((id) => ({ id, by: 'card' as const })));
    if (withSs) reads.push(ssUntilValid().then((id) => ({ id, by: 'card' as const })));
    if (method === 'qr') reads.push(host.call('identity.scan', { timeoutMs }, { signal: ac.signal }).then((id) => ({ id, by: 'qr' as const })));
    if (method === 'either') reads.push(scanUntilValid().then((id) => ({ id, by: 'qr' as const })));
    // Either way: the first identity wins, the other read is cancelled. An error only counts when all failed.
    Promise.any(reads).then(
      ({ id, by }) => {
        ac.abort();
        setPhase({ k: 'done', id, by });
        if (by === 'card') speak(id.cardType === 'social-security' ? t('identifyStep.takeSsCard') : t('identify.takeCard'), locale);
      },
      (agg: AggregateError) => {
        if (ac.signal.aborted) return;
        const errs = agg.errors as unknown[];
        const e = errs.find((x) => !isCancelled(x)) ?? errs[0];
        if (isCancelled(e)) return;
        setPhase({ k: 'error', message: failureText(t, e, phone) });
      },
    ).finally(() => onBusy(false));
    return () => {
      ac.abort();
      onBusy(false);
    };
  }, [attempt, phase.k, method]);

  const titleFor = () => identifyTitle(t, accepts, method);
  /** `again`: read again from the identified screen; `retry`: after an error, with a fresh countdown. */
  const again = () => setPhase({ k: 'waiting' });
  const retry = () => (setPhase({ k: 'waiting' }), setAttempt((n) => n + 1));
  return { phase, title: loc(step.title) || titleFor(), method, withIdCard, withSs, askToLift, ssProblem, qrProblem, left, again, retry };
}

export type IdentifyState = ReturnType<typeof useIdentifyStep>;
