import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeMembers, memberData } from '../../../../contracts/bundle-form.js';
import { useHost } from '../../host/host-context.js';
import type { StepProps } from '../../flow/step-props.js';
import { StepError, Working } from '../../flow/steps/step-error.js';
import { useBundle } from '../bundle-context.js';

/**
 * ONE submission for every member: the host stores them all in one transaction (or none) and
 * answers with each department's case number. Runs once per attempt and moves on when stored.
 */
export function BundleSubmitStep({ ctx, next, phone, onBusy }: StepProps<'submit'>) {
  const { t } = useTranslation();
  const host = useHost();
  const bundle = useBundle();
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(-1);
  const nextRef = useRef(next);
  nextRef.current = next;

  useEffect(() => {
    // Never twice for one attempt: a second call would be a second set of cases.
    if (started.current === attempt) return;
    started.current = attempt;
    setError(null);
    onBusy(true);
    const form = bundle.form;
    const members = activeMembers(form, ctx.values).map((m) => ({ serviceId: m.service.id, data: memberData(form, m.service.id, ctx.values) }));
    const materials = form.materials.map((m) => ({ type: m.material.type, via: bundle.materials[m.material.type] ?? ('paper' as const) }));
    host
      .call('bundle.submit', { bundle: form.bundle.id, members, materials })
      .then(
        (r) => {
          bundle.setResult(r);
          nextRef.current({ submission: { id: r.bundleSubmissionId, online: r.online, caseNumber: r.members[0]?.caseNumber ?? '' } });
        },
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
