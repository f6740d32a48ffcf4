import { useTranslation } from 'react-i18next';
import type { PolicyOutcome } from '../../../../contracts/policy-rules.js';
import type { StepOf } from '../../../../contracts/service-definition.js';
import { useLocalized } from '../../i18n/localize.js';
import { money } from './calculate-lines.js';

/** The totals a month and a year, then each subsidy with its amount, legal basis, department and what to bring. */
export function CalculateItems({ step, outcome }: { step: StepOf<'calculate'>; outcome: PolicyOutcome }) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  return (
    <>
      <div className="calc-total" data-testid="calc-total">
        <p className="calc-found">{t('calc.found', { count: outcome.items.length })}</p>
        <dl className="calc-total-grid">
          <dt>{t('calc.monthlyTotal')}</dt>
          <dd data-testid="calc-total-month">{money(outcome.monthlyTotal, locale)}</dd>
          <dt>{t('calc.yearlyTotal')}</dt>
          <dd data-testid="calc-total-year">{money(outcome.monthlyTotal * 12, locale)}</dd>
        </dl>
      </div>
      <ol className="calc-items">
        {outcome.items.map((item) => {
          const rule = step.rules.find((r) => r.id === item.ruleId)!;
          return (
            <li key={rule.id} className="calc-item" data-testid="calc-item" data-rule={rule.id}>
              <h2>{loc(rule.name)}</h2>
              <p className="calc-amount" data-testid="calc-item-amount">
                {t('calc.perMonth', { amount: money(item.monthly, locale) })}
              </p>
              <dl className="summary">
                <div className="summary-row">
                  <dt>{t('calc.basis')}</dt>
                  <dd>{loc(rule.basis)}</dd>
                </div>
                <div className="summary-row">
                  <dt>{t('calc.department')}</dt>
                  <dd>{loc(rule.department)}</dd>
                </div>
                <div className="summary-row">
                  <dt>{t('calc.bring')}</dt>
                  <dd>
                    <ul className="calc-bring">
                      {rule.bring.map((b, i) => (
                        <li key={i}>{loc(b)}</li>
                      ))}
                    </ul>
                  </dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ol>
    </>
  );
}
