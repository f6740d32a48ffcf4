import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { speak } from '../../../elderly/voice.js';
import { useHost } from '../../../host/host-context.js';
import { Icon } from '../../../icons/icons.js';
import { pick, useLocalized } from '../../../i18n/localize.js';
import type { StepProps } from '../../step-props.js';
import { lookupLines } from '../lookup-step.js';
import { PrintDocumentOffer } from './print-document-offer.js';
import { StepError, Working, NextAction } from '../step-error.js';
import { useHostTask } from '../use-host-task.js';

/**
 * Print the case receipt of the submission (the case number is on screen too, so a printer fault
 * never leaves the citizen without it) or a lookup's result. Optional receipts are offered first.
 */
export function PrintReceiptStep({ def, step, ctx, next, phone, onBusy }: StepProps<'print-receipt'>) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const host = useHost();
  const [wanted, setWanted] = useState(!step.optional);
  const lookupStep = def.steps.find((s) => s.id === step.lookupStep);
  const lookup = step.lookupStep ? ctx.lookups[step.lookupStep] : undefined;

  const { state, retry } = useHostTask(
    (signal) => {
      // The receipt follows the citizen's language.
      if (step.content === 'submission') return host.call('printer.printReceipt', { serviceId: def.id, submissionId: ctx.submission!.id, locale }, { signal });
      const lines = lookupStep?.type === 'lookup' && lookup ? lookupLines(lookupStep, lookup, locale) : [];
      const title = lookupStep?.title ? pick(lookupStep.title, locale) : pick(def.name, locale);
      return host.call('printer.printReceipt', { serviceId: def.id, lookup: { title, lines: lines.slice(0, 60) }, locale }, { signal });
    },
    { enabled: wanted, onBusy },
  );
  useEffect(() => {
    if (state.k === 'ok') speak(t('receipt.take'), locale);
  }, [state.k]);

  const caseInfo = step.content === 'submission' && ctx.submission && (
    <div className="case-box">
      <p className="instruction">{ctx.submission.online ? t('receipt.submittedOnline') : null}</p>
      {!ctx.submission.online && (
        <p className="notice-offline" data-testid="saved-offline">
          {t('receipt.savedOffline')}
        </p>
      )}
      <p className="case-number">
        {t('receipt.caseNumber')}
        {t('common.colon')}
        <b data-testid="case-number">{ctx.submission.caseNumber}</b>
      </p>
      <p className="case-number-hint">{t('receipt.caseNumberHint')}</p>
    </div>
  );

  return (
    <section tabIndex={0} className="step step-receipt" data-testid="print-receipt">
      <h1>{step.content === 'submission' ? t('submit.done') : t('receipt.print')}</h1>
      {caseInfo}
      {step.document && <PrintDocumentOffer def={def} step={step} ctx={ctx} phone={phone} onBusy={onBusy} />}
      {!wanted && (
        <div className="step-actions">
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => next()} data-testid="skip">
            {t('receipt.skip')}
          </button>
          <button type="button" className="btn btn-primary btn-lg" onClick={() => setWanted(true)} data-testid="print">
            <Icon name="printer" /> {t('receipt.print')}
          </button>
        </div>
      )}
      {wanted && state.k === 'running' && <Working text={t('receipt.printing')} />}
      {wanted && state.k === 'error' && <StepError error={state.error} phone={phone} onRetry={retry} onSkip={() => next()} skipLabel={t('receipt.continueWithout')} />}
      {wanted && state.k === 'ok' && (
        <>
          <p className="instruction big-prompt" role="status" data-testid="take-receipt">
            <Icon name="printer" /> {t('receipt.take')}
          </p>
          <NextAction onNext={() => next()} />
        </>
      )}
    </section>
  );
}
