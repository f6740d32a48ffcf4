import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../../../../contracts/service-definition.js';
import type { MaskedIdentity } from '../../../../contracts/devices.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { OnScreenKeyboard, type KeyboardMode } from '../../keyboard/on-screen-keyboard.js';
import type { StepProps } from '../step-props.js';
import { keyboardFor, validateField, type FieldProblem } from '../validate.js';
import { UsccScanButton } from './license/uscc-scan-button.js';
import { NextAction } from './step-error.js';

/** What the screen shows for a field prefilled from the identity: masked, or a note that the card supplies it. */
export function prefillDisplay(f: FormField, identity: MaskedIdentity | null, fromCard: string): string {
  if (f.prefill === 'identity.name') return identity?.maskedName ?? fromCard;
  if (f.prefill === 'identity.idNumber') return identity?.maskedIdNumber ?? fromCard;
  return fromCard;
}

/**
 * A form: select fields as large buttons, typed fields with the kiosk's own keyboard docked below
 * the fields (the focused field is scrolled into the space above it). Prefilled identity fields are
 * shown masked and filled in by the host.
 */
export function FormStep({ def, step, ctx, next }: StepProps<'form'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...ctx.values }));
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const typed = step.fields.filter((f) => !f.prefill && f.kind !== 'select');
  const [focus, setFocus] = useState<string | null>(typed[0]?.name ?? null);
  const focused = step.fields.find((f) => f.name === focus) ?? null;
  const [mode, setMode] = useState<KeyboardMode>(focused ? keyboardFor(focused) : 'pinyin');
  const refs = useRef<Record<string, HTMLElement | null>>({});

  // The keyboard's mode follows the field in the same render as the focus (no effect-timing gap).
  const focusField = (name: string) => {
    if (name === focus) return;
    const f = step.fields.find((x) => x.name === name);
    setFocus(name);
    if (f) setMode(keyboardFor(f));
  };
  useEffect(() => {
    if (focused) refs.current[focused.name]?.scrollIntoView({ block: 'nearest' });
  }, [focus]); // only when the focus moves to another field

  const set = (name: string, v: string) => {
    setValues((old) => ({ ...old, [name]: v }));
    setProblems((old) => ({ ...old, [name]: null }));
  };

  const submit = () => {
    const found: Record<string, FieldProblem> = {};
    for (const f of step.fields) found[f.name] = validateField(f, values[f.name]);
    setProblems(found);
    const bad = step.fields.find((f) => found[f.name]);
    if (bad) {
      if (bad.kind !== 'select' && !bad.prefill) focusField(bad.name);
      refs.current[bad.name]?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const out: Record<string, string> = {};
    for (const f of step.fields) if (!f.prefill) out[f.name] = (values[f.name] ?? '').trim();
    next({ values: out });
  };

  const problemText = (f: FormField, p: FieldProblem) => (p ? t(`form.${p.key}`, { label: loc(f.label), ...(p.values ?? {}) }) : '');
  const count = Object.values(problems).filter(Boolean).length;
  const keyboardUp = !!focused && !focused.prefill && focused.kind !== 'select';

  return (
    <section tabIndex={0} className={`step step-form${keyboardUp ? ' with-keyboard' : ''}`} data-testid="form">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <div className="form-fields scrolls" data-testid="form-fields">
        {step.fields.map((f) => {
          const id = `field-${f.name}`;
          const p = problems[f.name] ?? null;
          const label = (
            <>
              {loc(f.label)}
              {!f.required && <span className="optional"> ({t('common.optional')})</span>}
            </>
          );
          if (f.prefill) {
            return (
              <div key={f.name} className="field" ref={(el) => void (refs.current[f.name] = el)}>
                <span className="field-label" id={`${id}-label`}>
                  {label}
                </span>
                <output className="field-value prefilled" aria-labelledby={`${id}-label`} data-testid={id}>
                  {prefillDisplay(f, ctx.identity, t('form.fromCard'))}
                </output>
              </div>
            );
          }
          if (f.kind === 'select') {
            return (
              <fieldset key={f.name} className="field" ref={(el) => void (refs.current[f.name] = el)} aria-describedby={p ? `${id}-problem` : undefined}>
                <legend className="field-label">{label}</legend>
                <div className="choices" role="radiogroup" aria-label={loc(f.label)}>
                  {f.options!.map((o) => {
                    const on = values[f.name] === o.value;
                    return (
                      <button key={o.value} type="button" role="radio" aria-checked={on} className={`choice${on ? ' choice-on' : ''}`} onClick={() => set(f.name, o.value)} data-testid={`${id}-${o.value}`}>
                        {on && <Icon name="check" />} {loc(o.label)}
                      </button>
                    );
                  })}
                </div>
                {p && (
                  <p className="field-problem" id={`${id}-problem`} role="alert">
                    <Icon name="warning" /> {problemText(f, p)}
                  </p>
                )}
              </fieldset>
            );
          }
          return (
            <div key={f.name} className={`field${focus === f.name ? ' field-focus' : ''}`} ref={(el) => void (refs.current[f.name] = el)}>
              <label className="field-label" htmlFor={id}>
                {label}
              </label>
              <input
                id={id}
                className="field-input"
                value={values[f.name] ?? ''}
                inputMode="none"
                autoComplete="off"
                aria-invalid={p ? true : undefined}
                aria-describedby={[f.hint ? `${id}-hint` : '', p ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined}
                onFocus={() => focusField(f.name)}
                onChange={(e) => set(f.name, e.target.value)}
                data-testid={id}
              />
              {f.kind === 'uscc' && <UsccScanButton onCode={(code) => set(f.name, code)} />}
              {f.hint && (
                <p className="field-hint" id={`${id}-hint`}>
                  {loc(f.hint)}
                </p>
              )}
              {p && (
                <p className="field-problem" id={`${id}-problem`} role="alert">
                  <Icon name="warning" /> {problemText(f, p)}
                </p>
              )}
            </div>
          );
        })}
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
