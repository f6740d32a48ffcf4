import { useTranslation } from 'react-i18next';
import { useLocalized } from '../../i18n/localize.js';
import { OnScreenKeyboard } from '../../keyboard/on-screen-keyboard.js';
import type { StepProps } from '../step-props.js';
import { FormFieldView } from './form-field-view.js';
import { NextAction } from './step-error.js';
import { useFormStep } from './use-form-step.js';

export { prefillDisplay } from './form-field-view.js';

/**
 * A form: select fields as large buttons, typed fields with the kiosk's own keyboard docked below
 * the fields (the focused field is scrolled into the space above it). Prefilled identity fields are
 * shown masked and filled in by the host.
 */
export function FormStep({ def, step, ctx, next }: StepProps<'form'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const { values, problems, typed, focus, setFocus, focused, mode, setMode, refs, focusField, set, submit } = useFormStep(step, ctx, next);

  const count = Object.values(problems).filter(Boolean).length;
  const keyboardUp = !!focused && !focused.prefill && focused.kind !== 'select';

  return (
    <section tabIndex={0} className={`step step-form${keyboardUp ? ' with-keyboard' : ''}`} data-testid="form">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <div className="form-fields scrolls" data-testid="form-fields">
        {step.fields.map((f) => (
          <FormFieldView
            key={f.name}
            f={f}
            value={values[f.name] ?? ''}
            problem={problems[f.name] ?? null}
            focused={focus === f.name}
            identity={ctx.identity}
            fieldRef={(el) => void (refs.current[f.name] = el)}
            onFocus={() => focusField(f.name)}
            onChange={(v) => set(f.name, v)}
          />
        ))}
        {count > 0 && (
          <p className="error-text" role="status">
            {t('form.fixErrors', { count })}
          </p>
        )}
      </div>
      <NextAction onNext={submit} />
      {focused && keyboardUp && (
        <OnScreenKeyboard
          mode={mode}
          onModeChange={setMode}
          value={values[focused.name] ?? ''}
          onChange={(v) => set(focused.name, v)}
          maxLength={focused.kind === 'text' || focused.kind === 'address' ? focused.max : undefined}
          onDone={() => {
            // OK moves on to the next field to type in; after the last one the keypad goes away.
            const after = typed[typed.findIndex((f) => f.name === focused.name) + 1];
            if (after) focusField(after.name);
            else setFocus(null);
          }}
        />
      )}
    </section>
  );
}
