import { useTranslation } from 'react-i18next';
import type { QueueTicket } from '../../../contracts/protocol.js';
import { Icon } from '../icons/icons.js';
import { useLocalized } from '../i18n/localize.js';

/** A queue ticket as the citizen reads it: the number, the business, the window, people ahead, and whether it printed. */
export function TicketDetails({ ticket, business }: { ticket: QueueTicket; business?: string | null }) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  return (
    <>
      <p className="ticket-label">{t('ticket.number')}</p>
      <p className="ticket-number" data-testid="ticket-number">
        {ticket.number}
      </p>
      {business && (
        <p className="instruction ticket-business" data-testid="ticket-business">
          {t('ticket.business', { business })}
        </p>
      )}
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
    </>
  );
}
