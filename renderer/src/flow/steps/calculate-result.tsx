import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerValue, PolicyOutcome } from '../../../../contracts/policy-rules.js';
import type { ServiceDefinition, StepOf } from '../../../../contracts/service-definition.js';
import { speak } from '../../elderly/voice.js';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { pick, useLocalized } from '../../i18n/localize.js';
import { CalculateItems } from './calculate-items.js';
import { calculateLines } from './calculate-lines.js';
import { StepError, Working } from './step-error.js';
import { useHostTask } from './use-host-task.js';

export interface CalculateResultProps {
  def: ServiceDefinition;
  step: StepOf<'calculate'>;
  answers: Record<string, AnswerValue>;
  /** Questions answered from the ID card. */
  fromCard: string[];
  outcome: PolicyOutcome | null;
  failed: boolean;
  phone: string;
  onBusy(busy: boolean): void;
  onChange(): void;
  onNext(): void;
}

/**
 * The estimate in large type: the totals first, then each subsidy with its amount, legal basis,
 * department and what to bring; always the notice that the department decides. It can be printed
 * on the receipt printer through the same host request as a lookup's receipt.
 */
export function CalculateResult({ def, step, answers, fromCard, outcome, failed, phone, onBusy, onChange, onNext }: CalculateResultProps) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const [printing, setPrinting] = useState(false);
  const print = useHostTask(
    (signal) => host.call('printer.printReceipt', { serviceId: def.id, lookup: { title: pick(step.title ?? def.name, 'zh-CN'), lines: calculateLines(step, outcome!, t, 'zh-CN') } }, { signal }),
    { enabled: printing && !!outcome, onBusy },
  );
  useEffect(() => {
    if (printing && print.state.k === 'ok') speak(t('calc.printed'), locale);
  }, [printing, print.state.k]);

  const answerText = (name: string) => {
    const q = step.questions.find((x) => x.name === name)!;
    const v = answers[name];
    if (fromCard.includes(name)) return t('calc.fromCard', { age: v });
    return loc(q.options.find((o) => o.value === v)?.label);
  };

  return (
    <section tabIndex={0} className="step step-calculate calc-result" data-testid="calc-result">
      <h1>{t('calc.resultTitle')}</h1>
      {failed && (
        <p className="error-text" role="alert" data-testid="step-error">
          <Icon name="warning" /> {t('calc.error', { phone })}
        </p>
      )}
      {outcome && outcome.items.length === 0 && (
        <p className="instruction calc-empty" data-testid="calc-empty">
          {loc(step.empty) || t('calc.empty')}
        </p>
      )}
      {outcome && outcome.items.length > 0 && <CalculateItems step={step} outcome={outcome} />}
      <p className="calc-estimate" role="note" data-testid="calc-estimate">
        <Icon name="warning" /> {t('calc.estimate')}
      </p>
      <details className="calc-answers">
        <summary>{t('calc.yourAnswers')}</summary>
        <dl className="summary">
          {step.questions.map((q) => (
            <div key={q.name} className="summary-row">
              <dt>{loc(q.label)}</dt>
              <dd data-testid={`calc-answer-${q.name}`}>{answerText(q.name)}</dd>
            </div>
          ))}
        </dl>
      </details>
      {printing && print.state.k === 'running' && <Working text={t('receipt.printing')} />}
      {printing && print.state.k === 'error' && <StepError error={print.state.error} phone={phone} onRetry={print.retry} onSkip={() => setPrinting(false)} skipLabel={t('receipt.continueWithout')} />}
      {printing && print.state.k === 'ok' && (
        <p className="instruction big-prompt" role="status" data-testid="take-receipt">
          <Icon name="printer" /> {t('calc.printed')}
        </p>
      )}
      <div className="step-actions">
        <button type="button" className="btn btn-secondary btn-lg" onClick={onChange} data-testid="calc-change">
          {t('calc.change')}
        </button>
        {outcome && outcome.items.length > 0 && !printing && (
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => setPrinting(true)} data-testid="calc-print">
            <Icon name="printer" /> {t('calc.print')}
          </button>
        )}
        <button type="button" className="btn btn-primary btn-lg" onClick={onNext} data-testid="next">
          {t('flow.next')}
        </button>
      </div>
    </section>
  );
}
