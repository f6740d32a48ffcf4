import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, IdCardIcon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import type { StepProps } from '../../step-props.js';
import { IdentifyStep } from './identify-step.js';

/**
 * An identify step the citizen may skip (`optional: true`, e.g. a calculator that only wants the
 * age): first the choice, then the ordinary card read with a way out. A required identify step is
 * the ordinary one, unchanged.
 */
export function OptionalIdentifyStep(props: StepProps<'identify'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const { step, ctx, next } = props;
  const [reading, setReading] = useState(!!ctx.identity);
  if (!step.optional) return <IdentifyStep {...props} />;
  // Skipping forgets an identity read earlier in this session: the citizen chose not to use it.
  const skip = (
    <button type="button" className="btn btn-secondary btn-lg" onClick={() => next({ identity: null })} data-testid="skip-identify">
      {t('identifyOptional.skip')}
    </button>
  );
  if (reading) {
    return (
      <>
        <IdentifyStep {...props} />
        <div className="step-actions identify-skip">{skip}</div>
      </>
    );
  }
  return (
    <section tabIndex={0} className="step step-identify" data-testid="identify-offer">
      <h1>{loc(step.title) || t('identifyStep.titleIdcard')}</h1>
      <div className="card-slot" aria-hidden="true">
        <div className="card-anim">
          <IdCardIcon />
        </div>
      </div>
      <p className="instruction">{t('identifyOptional.why')}</p>
      <div className="step-actions">
        {skip}
        <button type="button" className="btn btn-primary btn-lg" onClick={() => setReading(true)} data-testid="use-card">
          <Icon name="idcard" /> {t('identifyOptional.useCard')}
        </button>
      </div>
    </section>
  );
}
