import { useTranslation } from 'react-i18next';
import type { LookupResult } from '../../../../contracts/protocol.js';
import type { StepOf } from '../../../../contracts/service-definition.js';
import { useHost } from '../../host/host-context.js';
import { formatValue, pick, useLocalized } from '../../i18n/localize.js';
import type { Locale } from '../../i18n/index.js';
import type { StepProps } from '../step-props.js';
import { StepError, Working, NextAction } from './step-error.js';
import { useHostTask } from './use-host-task.js';

/** The lines of a lookup result as text in `locale` (the screen's language, or zh-CN for the receipt). */
export function lookupLines(step: StepOf<'lookup'>, r: LookupResult, locale: Locale): { label: string; value: string }[] {
  const lines = step.summary.map((c) => ({ label: pick(c.label, locale), value: formatValue(r.summary[c.key], c.format, locale) }));
  for (const row of r.rows) lines.push({ label: '', value: step.columns.map((c) => `${pick(c.label, locale)} ${formatValue(row[c.key], c.format, locale)}`).join('  ') });
  return lines;
}

/** A back-end query for the identified citizen; the result is shown and kept for a later receipt. */
export function LookupStep({ def, step, ctx, next, phone, onBusy }: StepProps<'lookup'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const params: Record<string, string> = {};
  for (const p of step.params) params[p] = ctx.values[p] ?? '';
  const { state, retry } = useHostTask((signal) => host.call('lookup.query', { serviceId: def.id, stepId: step.id, params }, { signal }), { onBusy });
  const r = state.k === 'ok' ? state.value : null;
  const empty = r && (r.notFound || (r.rows.length === 0 && Object.keys(r.summary).length === 0));
  return (
    <section tabIndex={0} className="step step-lookup" data-testid="lookup">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      {state.k === 'running' && <Working text={t('lookup.loading')} />}
      {state.k === 'error' && <StepError error={state.error} phone={phone} onRetry={retry} />}
      {r && (
        <div className="lookup-result" data-testid="lookup-result">
          {empty ? (
            <p className="instruction" data-testid="lookup-empty">
              {loc(step.empty) || t('lookup.empty')}
            </p>
          ) : (
            <>
              {step.summary.length > 0 && (
                <dl className="summary">
                  {step.summary.map((c) => (
                    <div key={c.key} className="summary-row">
                      <dt>{loc(c.label)}</dt>
                      <dd>{formatValue(r.summary[c.key], c.format, locale)}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {step.columns.length > 0 && r.rows.length === 0 && (
                <p className="instruction" data-testid="lookup-no-rows">
                  {loc(step.emptyRows) || t('lookup.noRows')}
                </p>
              )}
              {step.columns.length > 0 && r.rows.length > 0 && (
                <div className="table-wrap">
                  <table className="result-table">
                    <thead>
                      <tr>
                        {step.columns.map((c) => (
                          <th key={c.key} scope="col">
                            {loc(c.label)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {r.rows.map((row, i) => (
                        <tr key={i}>
                          {step.columns.map((c) => (
                            <td key={c.key} className={c.format === 'money' || c.format === 'number' || c.format === 'area' ? 'num' : undefined}>
                              {formatValue(row[c.key], c.format, locale)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
          <NextAction onNext={() => next({ lookups: { [step.id]: r } })} />
        </div>
      )}
    </section>
  );
}
