import { useTranslation } from 'react-i18next';
import { useCatalog } from '../../catalog/use-catalog.js';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { NextAction, StepError, Working } from './step-error.js';
import { useHostTask } from './use-host-task.js';

/**
 * The status query (办件进度查询): the case the number names, each department's part of a bundle on
 * its own line with its state, a refused part with the department's reason (the others stand).
 */
export function CaseStatusStep({ def, step, ctx, next, back, phone, onBusy }: StepProps<'case-status'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const host = useHost();
  const { services } = useCatalog();
  const caseNumber = ctx.values[step.field] ?? '';
  const { state, retry } = useHostTask((signal) => host.call('case.status', { caseNumber }, { signal }), { onBusy });
  const r = state.k === 'ok' ? state.value : null;
  return (
    <section tabIndex={0} className="step step-lookup" data-testid="case-status">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      {state.k === 'running' && <Working text={t('lookup.loading')} />}
      {state.k === 'error' && <StepError error={state.error} phone={phone} onRetry={retry} />}
      {r && (r.members.length === 0 ? (
        <p className="instruction" data-testid={r.valid ? 'case-status-not-found' : 'case-status-invalid'}>
          {r.valid ? t('caseStatus.notFound', { phone }) : t('caseStatus.invalid')}
        </p>
      ) : (
        <ul className="bundle-list scrolls" tabIndex={0} aria-label={loc(def.name)} data-testid="case-status-members">
          {r.members.map((m) => {
            const s = services.find((x) => x.id === m.serviceId);
            return (
              <li key={m.serviceId} className="bundle-item" data-testid={`status-${m.serviceId}`} data-state={m.state}>
                <h2>{s ? loc(s.department.name) : m.serviceId}</h2>
                <span className="bundle-note">{s ? loc(s.name) : ''}</span>
                <span data-testid={`status-${m.serviceId}-state`}>
                  {t(`caseStatus.state.${m.state}`)}
                  {m.receiptNo && (
                    <>
                      {' · '}
                      {t('done.receiptNo')}
                      {t('common.colon')}
                      <b>{m.receiptNo}</b>
                    </>
                  )}
                </span>
                {m.refused && (
                  <span className="bundle-refused" data-testid={`status-${m.serviceId}-reason`}>
                    <Icon name="warning" /> {t('caseStatus.reason', { reason: t(`caseStatus.reasons.${m.reason ?? 'other'}`, { defaultValue: m.reason ?? '' }) })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      ))}
      {r && (r.members.length === 0 ? <NextAction onNext={back} label={t('caseStatus.retype')} /> : <NextAction onNext={() => next()} />)}
    </section>
  );
}
