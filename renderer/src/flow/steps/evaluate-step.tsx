import { useTranslation } from 'react-i18next';
import { StarIcon } from '../../icons/icons.js';
import type { StepProps } from '../step-props.js';
import { StepError, Working, NextAction } from './step-error.js';
import { LEVELS, useEvaluateStep } from './use-evaluate-step.js';

/** Stars fill from the left: 满意 (4) is ★★★★☆. */
const STARS = [1, 2, 3, 4, 5] as const;
const REASONS = ['slow', 'complex', 'device', 'unclear', 'attitude', 'other'] as const;

/**
 * 好差评: the five national levels (非常满意 … 非常不满意), each with its words, never stars alone.
 * Voluntary (a skip button), no name recorded; the two lowest ask what went wrong.
 */
export function EvaluateStep({ def, ctx, next, phone }: StepProps<'evaluate'>) {
  const { t } = useTranslation();
  const { rating, reasons, setReasons, phase, send, choose } = useEvaluateStep(def.id, ctx);
  // With a low rating chosen only that level stays above its reasons: the five levels, the reasons
  // and the send button do not fit one screen in elderly mode, and the reasons are what is asked now.
  const asking = rating !== null && rating <= 2;
  const levels = asking ? LEVELS.filter((r) => r === rating) : LEVELS;


  return (
    <section tabIndex={0} className="step step-evaluate" data-testid="evaluate">
      <h1>{t('evaluate.title')}</h1>
      {/* Already read above the five levels; its line is the reasons' room on a 768-high screen. */}
      {!asking && <p className="hint">{t('evaluate.hint')}</p>}
      {phase.k === 'choose' && (
        <>
          <div className="ratings" role="radiogroup" aria-label={t('evaluate.title')}>
            {levels.map((r) => (
              <button key={r} type="button" role="radio" aria-checked={rating === r} className={`rating${rating === r ? ' rating-on' : ''}`} onClick={() => choose(r)} data-testid={`rate-${r}`}>
                <span className="stars" aria-hidden="true">
                  {STARS.map((s) => (
                    <StarIcon key={s} filled={s <= r} />
                  ))}
                </span>
                <span className="rating-label">{t(`evaluate.levels.${r}`)}</span>
              </button>
            ))}
          </div>
          {asking && (
            <fieldset className="reasons">
              <legend>{t('evaluate.why')}</legend>
              <div className="choices">
                {REASONS.map((k) => {
                  const on = reasons.includes(k);
                  return (
                    <button key={k} type="button" role="checkbox" aria-checked={on} className={`choice${on ? ' choice-on' : ''}`} onClick={() => setReasons((rs) => (on ? rs.filter((x) => x !== k) : [...rs, k]))} data-testid={`reason-${k}`}>
                      {t(`evaluate.reasons.${k}`)}
                    </button>
                  );
                })}
              </div>
            </fieldset>
          )}
          {/* Send sits beside skip, not under the reasons: one row less, so it stays on screen. */}
          <div className="step-actions">
            <button type="button" className="btn btn-secondary btn-lg" onClick={() => next()} data-testid="skip">
              {t('evaluate.skip')}
            </button>
            {asking && (
              <button type="button" className="btn btn-primary btn-lg" onClick={() => send(rating, reasons)} data-testid="send-rating">
                {t('evaluate.submit')}
              </button>
            )}
          </div>
        </>
      )}
      {phase.k === 'sending' && <Working text={t('flow.working')} />}
      {phase.k === 'error' && <StepError error={phase.e} phone={phone} onRetry={() => rating && send(rating, reasons)} onSkip={() => next()} skipLabel={t('evaluate.skip')} />}
      {phase.k === 'thanks' && (
        <>
          <p className="big-prompt" role="status" data-testid="thanks">
            {t('evaluate.thanks')}
          </p>
          <NextAction onNext={() => next()} />
        </>
      )}
    </section>
  );
}
