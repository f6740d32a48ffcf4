import { HostError } from '../../host/client.js';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { LICENSE_STRINGS } from './license-strings.js';
import { licenseValueKeys } from './license-values.js';
import { StepError, Working } from './step-error.js';
import { useHostTask } from './use-host-task.js';

/**
 * Business license: the host checks the code, asks the registry and decides whether the
 * identified citizen may print it (matched by ID number on the host). A refusal is final here: the
 * reason is shown and only "back" or "cancel" remain; the host has already recorded it.
 */
export function LicenseLookupStep({ def, step, ctx, next, phone, onBusy }: StepProps<'license-lookup'>) {
  const { loc, locale } = useLocalized();
  const s = LICENSE_STRINGS[locale];
  const host = useHost();
  const uscc = ctx.values[step.usccField] ?? '';
  const { state, retry } = useHostTask((signal) => host.call('license.lookup', { serviceId: def.id, uscc }, { signal }), { onBusy });
  const r = state.k === 'ok' ? state.value : null;
  const code = state.k === 'error' && state.error instanceof HostError ? state.error.code : null;
  const keys = licenseValueKeys(step.id);
  return (
    <section tabIndex={0} className="step step-lookup" data-testid="license-lookup">
      <h1>{loc(step.title) || s.lookupTitle}</h1>
      {state.k === 'running' && <Working text={s.loading} />}
      {state.k === 'error' && (code === 'not-found' || code === 'bad-request') && (
        <p className="error-text" role="alert" data-testid="license-not-found">
          <Icon name="warning" /> {code === 'not-found' ? s.notFound : s.badCode}
        </p>
      )}
      {state.k === 'error' && code !== 'not-found' && code !== 'bad-request' && <StepError error={state.error} phone={phone} onRetry={retry} />}
      {r && (
        <div className="lookup-result" data-testid="license-summary">
          <dl className="summary">
            <div className="summary-row">
              <dt>{s.code}</dt>
              <dd data-testid="license-uscc">{r.uscc}</dd>
            </div>
            <div className="summary-row">
              <dt>{s.name}</dt>
              <dd data-testid="license-name">{r.name}</dd>
            </div>
            <div className="summary-row">
              <dt>{s.type}</dt>
              <dd>{r.typeText}</dd>
            </div>
            <div className="summary-row">
              <dt>{s.role[r.representativeRole] ?? r.representativeRole}</dt>
              <dd>{r.maskedRepresentative}</dd>
            </div>
          </dl>
          {r.authorised ? (
            <>
              <p className="instruction" role="status" data-testid="license-authorised">
                {s.youAre(s.role[r.role ?? ''] ?? r.role ?? '')}
              </p>
              <div className="step-actions">
                <button
                  type="button"
                  className="btn btn-primary btn-lg"
                  data-testid="next"
                  onClick={() => next({ values: { [keys.uscc]: r.uscc, [keys.original]: String(r.allowed.original), [keys.duplicate]: String(r.allowed.duplicate) } })}
                >
                  {s.next}
                </button>
              </div>
            </>
          ) : (
            <p className="error-text" role="alert" data-testid="license-refused">
              <Icon name="warning" /> {r.reason === 'no-copies-left' ? s.noCopiesLeft : s.refused}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
