import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ageInYear, evaluatePolicy, policyEnvironment, type AnswerValue, type PolicyOutcome } from '../../../../contracts/policy-rules.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { CalculateResult } from './calculate-result.js';

type Phase = { k: 'ask'; at: number } | { k: 'result' };

/**
 * Policy calculator: one question per screen (a tap answers it and moves on; fewer choices at a
 * time for elderly citizens), then the subsidies the service's rules grant. The age comes from the
 * ID card when the citizen identified. The answers stay in this step: nothing is stored or sent.
 */
export function CalculateStep({ def, step, ctx, next, onBusy, phone }: StepProps<'calculate'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const cardAge = ageInYear(ctx.identity?.birthYear ?? null, new Date().getFullYear());
  const fromCard = useMemo(() => {
    const out: Record<string, AnswerValue> = {};
    for (const q of step.questions) if (q.fromIdentity === 'age' && cardAge !== null) out[q.name] = cardAge;
    return out;
  }, [step, cardAge]);
  const asked = step.questions.filter((q) => !(q.name in fromCard));
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [phase, setPhase] = useState<Phase>(asked.length > 0 ? { k: 'ask', at: 0 } : { k: 'result' });
  const env = useMemo(() => policyEnvironment(step.questions), [step]);

  const outcome = useMemo((): { ok: PolicyOutcome } | { error: unknown } | null => {
    if (phase.k !== 'result') return null;
    try {
      return { ok: evaluatePolicy(env, step.rules, { ...answers, ...fromCard }) };
    } catch (error) {
      // The rules were checked at start-up; shown as an error (never a wrong "nothing"), not swallowed.
      return { error };
    }
  }, [phase.k, env, answers, fromCard]);

  if (phase.k === 'result') {
    return (
      <CalculateResult
        def={def}
        step={step}
        answers={{ ...answers, ...fromCard }}
        fromCard={Object.keys(fromCard)}
        outcome={outcome && 'ok' in outcome ? outcome.ok : null}
        failed={!!outcome && 'error' in outcome}
        phone={phone}
        onBusy={onBusy}
        onChange={() => setPhase({ k: 'ask', at: 0 })}
        onNext={() => next()}
      />
    );
  }

  const q = asked[phase.at]!;
  const choose = (value: AnswerValue) => {
    setAnswers((a) => ({ ...a, [q.name]: value }));
    setPhase(phase.at + 1 < asked.length ? { k: 'ask', at: phase.at + 1 } : { k: 'result' });
  };
  const labelId = `calc-q-${q.name}`;
  return (
    <section tabIndex={0} className="step step-calculate" data-testid="calc-question" data-question={q.name}>
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <p className="calc-progress">{t('calc.questionOf', { n: phase.at + 1, total: asked.length })}</p>
      <h2 className="calc-question" id={labelId}>
        {loc(q.label)}
      </h2>
      {q.hint && <p className="field-hint">{loc(q.hint)}</p>}
      <div className="choices calc-choices" role="radiogroup" aria-labelledby={labelId}>
        {q.options.map((o) => {
          const on = answers[q.name] === o.value;
          return (
            <button key={String(o.value)} type="button" role="radio" aria-checked={on} className={`choice${on ? ' choice-on' : ''}`} onClick={() => choose(o.value)} data-testid={`calc-option-${q.name}-${String(o.value)}`}>
              {on && <Icon name="check" />} {loc(o.label)}
            </button>
          );
        })}
      </div>
      {phase.at > 0 && (
        <div className="step-actions">
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => setPhase({ k: 'ask', at: phase.at - 1 })} data-testid="calc-previous">
            {t('calc.previous')}
          </button>
        </div>
      )}
    </section>
  );
}
