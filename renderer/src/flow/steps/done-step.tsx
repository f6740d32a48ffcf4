import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { speak } from '../../elderly/voice.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { ForwardActions } from '../forward-slot.js';
import type { StepProps } from '../step-props.js';

/** The end: what happens next, a reminder to take the card, and "done" (the session is wiped). */
export function DoneStep({ step, ctx, next }: StepProps<'done'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  // Only a citizen who placed an ID card is asked to take it (not one who showed a QR code).
  const usedCard = ctx.identifiedBy === 'card';
  useEffect(() => {
    if (usedCard) speak(t('done.takeCard'), locale);
  }, []);
  return (
    <section tabIndex={0} className="step step-done" data-testid="done-step">
      <h1 className="ok-title">
        <Icon name="check" /> {t('done.title')}
      </h1>
      {step.message && <p className="instruction">{loc(step.message)}</p>}
      {usedCard && <p className="big-prompt">{t('done.takeCard')}</p>}
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => next()} data-testid="done">
          {t('common.done')}
        </button>
      </ForwardActions>
    </section>
  );
}
