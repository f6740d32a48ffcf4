import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { NextAction } from './step-error.js';

/** Text to read; with `requireAccept`, an authorisation the citizen must tick before continuing. */
export function NoticeStep({ def, step, next }: StepProps<'notice'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const [accepted, setAccepted] = useState(false);
  const [nudge, setNudge] = useState(false);
  return (
    <section tabIndex={0} className="step step-notice" data-testid="notice">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <div className="notice-body" tabIndex={0} aria-label={loc(step.title) || loc(def.name)}>
        {step.body.map((p, i) => (
          <p key={i}>{loc(p)}</p>
        ))}
      </div>
      {step.requireAccept && (
        <button
          type="button"
          role="checkbox"
          aria-checked={accepted}
          className={`accept${accepted ? ' accept-on' : ''}`}
          onClick={() => {
            setAccepted((a) => !a);
            setNudge(false);
          }}
          data-testid="accept"
        >
          <span className="accept-box" aria-hidden="true">
            {accepted && <Icon name="check" />}
          </span>
          {t('notice.accept')}
        </button>
      )}
      {nudge && (
        <p className="error-text" role="alert">
          <Icon name="warning" /> {t('notice.mustAccept')}
        </p>
      )}
      <NextAction onNext={() => (step.requireAccept && !accepted ? setNudge(true) : next())} />
    </section>
  );
}
