import { useTranslation } from 'react-i18next';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../../flow/step-props.js';
import { NextAction } from '../../flow/steps/step-error.js';
import { useBundle } from '../bundle-context.js';

/** What the bundle will do: every member with its department; the optional ones can be left out. */
export function BundleChooseStep({ next }: StepProps<'notice'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const { all, chosen, setChosen } = useBundle();
  const toggle = (id: string) => {
    const n = new Set(chosen);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    setChosen(n);
  };
  return (
    <section tabIndex={0} className="step step-notice bundle-choose" data-testid="bundle-choose">
      <h1>{t('bundle.chooseTitle')}</h1>
      <p className="instruction">{t('bundle.chooseHint')}</p>
      <div className="bundle-members scrolls" tabIndex={0} aria-label={t('bundle.chooseTitle')}>
        {all.members.map((m) => {
          const on = !m.optional || chosen.has(m.service.id);
          return (
            <button
              key={m.service.id}
              type="button"
              role="checkbox"
              aria-checked={on}
              aria-disabled={!m.optional}
              className={`accept bundle-member${on ? ' accept-on' : ''}`}
              onClick={() => m.optional && toggle(m.service.id)}
              data-testid={`member-${m.service.id}`}
            >
              <span className="accept-box" aria-hidden="true">
                {on && <Icon name="check" />}
              </span>
              <span className="bundle-member-text">
                <b>{loc(m.label)}</b>
                <span className="bundle-member-dept">
                  {loc(m.service.department.name)} · {m.optional ? t('bundle.optional') : t('bundle.required')}
                </span>
              </span>
            </button>
          );
        })}
      </div>
      <NextAction onNext={() => next()} />
    </section>
  );
}
