import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../../host/host-context.js';
import type { StepProps } from '../step-props.js';
import { StepError, Working } from './step-error.js';

/**
 * Store the application in the offline queue (durable before the host answers); the host adds the
 * identity and the prefilled fields. Runs once per attempt and moves on by itself when stored.
 */
export function SubmitStep({ def, step, ctx, next, phone, onBusy }: StepProps<'submit'>) {
  const { t } = useTranslation();
  const host = useHost();
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(-1);
  const nextRef = useRef(next);
  nextRef.current = next;

  useEffect(() => {
    // Never twice for one attempt, whatever React does with effects: a second call would be a second case.
    if (started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    host
      .call('submission.submit', { serviceId: def.id, data: ctx.values, withIdentity: step.withIdentity })
      .then(
        (r) => nextRef.current({ submission: { id: r.id, online: r.online, caseNumber: r.caseNumber } }),
        (e: unknown) => setError(e),
      )
      .finally(() => onBusy(false));
  }, [attempt]);

  return (
    <section tabIndex={0} className="step step-submit" data-testid="submit">
      <h1>{t('submit.saving')}</h1>
      {error ? <StepError error={error} phone={phone} onRetry={() => setAttempt((a) => a + 1)} /> : <Working text={t('flow.working')} />}
    </section>
  );
}
