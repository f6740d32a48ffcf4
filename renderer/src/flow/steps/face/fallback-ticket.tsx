import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueTicket } from '../../../../../contracts/protocol.js';
import { TicketDetails } from '../../../components/ticket-details.js';
import { speak } from '../../../elderly/voice.js';
import { useHost } from '../../../host/host-context.js';
import { StepError, Working } from '../step-error.js';

/** A number for the staffed window (the step's `fallbackQueue`): the way on when the check cannot be done here. */
export function FallbackTicket({ serviceId, queue, locale, phone, onBusy, onTicket }: { serviceId: string; queue: string; locale: 'zh-CN' | 'en'; phone: string; onBusy(b: boolean): void; onTicket(t: QueueTicket): void }) {
  const { t } = useTranslation();
  const host = useHost();
  const [ticket, setTicket] = useState<QueueTicket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const started = useRef(-1);
  useEffect(() => {
    // One number per attempt: leaving the screen does not give the number back.
    if (ticket || started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    host
      .call('printer.printTicket', { serviceId, queue, locale })
      .then(
        (tk) => {
          setTicket(tk);
          onTicket(tk);
          speak(tk.printed ? t('ticket.take') : t('ticket.notPrinted', { number: tk.number }), locale, { always: true });
        },
        (e: unknown) => setError(e),
      )
      .finally(() => onBusy(false));
  }, [attempt]);
  if (error) return <StepError error={error} phone={phone} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!ticket) return <Working text={t('ticket.taking')} />;
  return (
    <div className="face-ticket" data-testid="face-ticket-issued">
      <TicketDetails ticket={ticket} />
    </div>
  );
}
