import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueTicket } from '../../../../contracts/protocol.js';
import { speak } from '../../elderly/voice.js';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { StepError, Working, NextAction } from './step-error.js';

/** Take a number for a staffed window and print the ticket; the number stays on screen either way. */
export function PrintTicketStep({ def, step, ctx, next, phone, onBusy }: StepProps<'print-ticket'>) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const host = useHost();
  const [attempt, setAttempt] = useState(0);
  const [ticket, setTicket] = useState<QueueTicket | null>(ctx.ticket);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(-1);

  useEffect(() => {
    // One number per attempt: taking a ticket is not undone by leaving the screen.
    if (ticket || started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    host
      .call('printer.printTicket', { serviceId: def.id, queue: ctx.values[step.queueField] ?? '' })
      .then(
        (tk) => {
          setTicket(tk);
          speak(tk.printed ? t('ticket.take') : t('ticket.notPrinted', { number: tk.number }), locale);
        },
        (e: unknown) => setError(e),
      )
      .finally(() => onBusy(false));
  }, [attempt]);

  return (
    <section tabIndex={0} className="step step-ticket" data-testid="print-ticket">
      {!ticket && !error && <Working text={t('ticket.taking')} />}
      {!ticket && !!error && <StepError error={error} phone={phone} onRetry={() => setAttempt((a) => a + 1)} />}
      {ticket && (
        <>
          <p className="ticket-label">{t('ticket.number')}</p>
          <p className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </p>
          <p className="instruction" data-testid="ticket-window">
            {t('ticket.window', { window: locale === 'en' ? ticket.windowEn : ticket.window })}
          </p>
          <p className="instruction" data-testid="ticket-ahead">
            {t('ticket.ahead', { count: ticket.peopleAhead })}
          </p>
          {ticket.printed ? (
            <p className="big-prompt" role="status">
              <Icon name="printer" /> {t('ticket.take')}
            </p>
          ) : (
            <p className="warning" role="alert" data-testid="ticket-not-printed">
              {t('ticket.notPrinted', { number: ticket.number })}
            </p>
          )}
          <NextAction onNext={() => next({ ticket })} />
        </>
      )}
    </section>
  );
}
