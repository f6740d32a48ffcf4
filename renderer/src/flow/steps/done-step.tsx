import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { speak } from '../../elderly/voice.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { ForwardActions } from '../forward-slot.js';
import type { StepProps } from '../step-props.js';
import { useReceiptNo } from './use-receipt-no.js';

/** The end: what happens next, a reminder to take the card, and "done" (the session is wiped). */
export function DoneStep({ step, ctx, next }: StepProps<'done'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  // Only a citizen who placed an ID card is asked to take it (not one who showed a QR code).
  const usedCard = ctx.identifiedBy === 'card';
  // Synced while the citizen is still here: the back end's number, the one to look the case up by later.
  const receiptNo = useReceiptNo(ctx.submission?.id ?? null);
  useEffect(() => {
    if (usedCard) speak(t('done.takeCard'), locale);
  }, []);
  return (
    <section tabIndex={0} className="step step-done" data-testid="done-step">
      <h1 className="ok-title">
        <Icon name="check" /> {t('done.title')}
      </h1>
      {step.message && <p className="instruction">{loc(step.message)}</p>}
      {ctx.submission && (
        <p className="case-number" data-testid="done-case">
          {t('receipt.caseNumber')}
          {t('common.colon')}
          <b data-testid="done-case-number">{ctx.submission.caseNumber}</b>
          {receiptNo && (
            <>
              {' · '}
              {t('done.receiptNo')}
              {t('common.colon')}
              <b data-testid="done-receipt-no">{receiptNo}</b>
            </>
          )}
        </p>
      )}
      {usedCard && <p className="big-prompt">{t('done.takeCard')}</p>}
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => next()} data-testid="done">
          {t('common.done')}
        </button>
      </ForwardActions>
    </section>
  );
}
