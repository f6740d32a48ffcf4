import { useTranslation } from 'react-i18next';
import { Icon } from '../../icons/icons.js';
import { errorText } from '../error-text.js';
import { ForwardActions } from '../forward-slot.js';

/** A failed step in plain words, with "try again" and, where it makes sense, a way on without it. */
export function StepError({ error, phone, onRetry, onSkip, skipLabel }: { error: unknown; phone: string; onRetry(): void; onSkip?(): void; skipLabel?: string }) {
  const { t } = useTranslation();
  return (
    <div className="step-error">
      <p className="error-text" role="alert" data-testid="step-error">
        <Icon name="warning" /> {errorText(t, error, phone)}
      </p>
      <div className="step-actions">
        {onSkip && (
          <button type="button" className="btn btn-secondary btn-lg" onClick={onSkip} data-testid="skip">
            {skipLabel}
          </button>
        )}
        <button type="button" className="btn btn-primary btn-lg" onClick={onRetry} data-testid="retry">
          {t('common.retry')}
        </button>
      </div>
    </div>
  );
}

export function Working({ text }: { text: string }) {
  return (
    <div className="working" role="status" data-testid="working">
      <div className="spinner" aria-hidden="true" />
      <p>{text}</p>
    </div>
  );
}

/** The step's one way forward, as a large primary button in the action bar (label defaults to "next"). */
export function NextAction({ onNext, label }: { onNext(): void; label?: string }) {
  const { t } = useTranslation();
  return (
    <ForwardActions>
      <button type="button" className="btn btn-primary btn-lg" onClick={onNext} data-testid="next">
        {label ?? t('flow.next')}
      </button>
    </ForwardActions>
  );
}
