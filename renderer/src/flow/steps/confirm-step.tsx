import { useTranslation } from 'react-i18next';
import { useLocalized } from '../../i18n/localize.js';
import { ForwardActions } from '../forward-slot.js';
import type { StepProps } from '../step-props.js';
import { prefillDisplay } from './form-step.js';

/** The summary of everything entered, to check before it is submitted. */
export function ConfirmStep({ def, step, ctx, next, back }: StepProps<'confirm'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const fields = def.steps.flatMap((s) => (s.type === 'form' ? s.fields : []));
  // The name row carries the form's own word for it (申请人), so the two screens agree.
  const nameField = fields.find((f) => f.prefill === 'identity.name');
  return (
    <section tabIndex={0} className="step step-confirm" data-testid="confirm">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <dl className="summary" data-testid="summary">
        {/* Only with an identity: a service without one (12345) has no name to show, not "—". */}
        {ctx.identity && (
          <div className="summary-row">
            <dt>{nameField ? loc(nameField.label) : t('identify.name')}</dt>
            <dd>{ctx.identity.maskedName}</dd>
          </div>
        )}
        {fields
          .filter((f) => f.prefill !== 'identity.name')
          .map((f) => {
            const v = ctx.values[f.name] ?? '';
            const shown = f.prefill ? prefillDisplay(f, ctx.identity, t('form.fromCard')) : f.kind === 'select' ? loc(f.options?.find((o) => o.value === v)?.label) : v;
            return (
              <div key={f.name} className="summary-row">
                <dt>{loc(f.label)}</dt>
                <dd>{shown || '—'}</dd>
              </div>
            );
          })}
      </dl>
      <ForwardActions>
        <button type="button" className="btn btn-secondary btn-lg" onClick={back} data-testid="edit">
          {t('confirm.edit')}
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => next()} data-testid="next">
          {t('confirm.submit')}
        </button>
      </ForwardActions>
    </section>
  );
}
