import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueTicket } from '../../../../../contracts/protocol.js';
import { speak } from '../../../elderly/voice.js';
import { useHost } from '../../../host/host-context.js';
import { useLocalized } from '../../../i18n/localize.js';
import { TicketDetails } from '../../../components/ticket-details.js';
import type { StepProps } from '../../step-props.js';
import { StepError, Working, NextAction } from '../step-error.js';

/** Take a number for a staffed window and print the ticket; the number stays on screen either way. */
export function PrintTicketStep({ def, step, ctx, next, record, phone, onBusy }: StepProps<'print-ticket'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const queue = ctx.values[step.queueField] ?? '';
  const business = loc(def.steps.flatMap((s) => (s.type === 'form' ? s.fields : [])).find((f) => f.name === step.queueField)?.options?.find((o) => o.value === queue)?.label);
  // One ticket per visit: back and forward again shows the ticket already taken for this business.
  const [ticket, setTicket] = useState<QueueTicket | null>(ctx.ticket && ctx.ticketFor === queue ? ctx.ticket : null);
  // A ticket taken earlier in this visit for another business: a new one only when the citizen asks.
  const earlier = ctx.ticket && ctx.ticketFor !== queue ? ctx.ticket : null;
  const [attempt, setAttempt] = useState(earlier ? -1 : 0);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(-1);

  useEffect(() => {
    // One number per attempt: taking a ticket is not undone by leaving the screen.
    if (ticket || attempt < 0 || started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    host
      .call('printer.printTicket', { serviceId: def.id, queue, locale })
      .then(
        (tk) => {
          setTicket(tk);
          record({ ticket: tk, ticketFor: queue });
          speak(tk.printed ? t('ticket.take') : t('ticket.notPrinted', { number: tk.number }), locale);
        },
        (e: unknown) => setError(e),
      )
      .finally(() => onBusy(false));
  }, [attempt]);

  return (
    <section tabIndex={0} className="step step-ticket" data-testid="print-ticket">
      {!ticket && attempt < 0 && earlier && (
        <div className="step-error" data-testid="ticket-earlier">
          <p className="instruction">{t('ticket.already', { number: earlier.number })}</p>
          <div className="step-actions">
            <button type="button" className="btn btn-primary btn-lg" onClick={() => setAttempt(0)} data-testid="ticket-again">
              {t('ticket.again', { business })}
            </button>
          </div>
        </div>
      )}
      {!ticket && attempt >= 0 && !error && <Working text={t('ticket.taking')} />}
      {!ticket && !!error && <StepError error={error} phone={phone} onRetry={() => setAttempt((a) => a + 1)} />}
      {ticket && (
        <>
          <TicketDetails ticket={ticket} business={business} />
          <NextAction onNext={() => next({ ticket })} />
        </>
      )}
    </section>
  );
}
