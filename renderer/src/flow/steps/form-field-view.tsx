import { useTranslation } from 'react-i18next';
import type { FormField } from '../../../../contracts/service-definition.js';
import type { MaskedIdentity } from '../../../../contracts/devices.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { FieldProblem } from '../validate.js';
import { UsccScanButton } from './license/uscc-scan-button.js';

/** What the screen shows for a field prefilled from the identity: masked, or a note that the card supplies it. */
export function prefillDisplay(f: FormField, identity: MaskedIdentity | null, fromCard: string): string {
  if (f.prefill === 'identity.name') return identity?.maskedName ?? fromCard;
  if (f.prefill === 'identity.idNumber') return identity?.maskedIdNumber ?? fromCard;
  return fromCard;
}

interface FieldViewProps {
  f: FormField;
  value: string;
  problem: FieldProblem;
  focused: boolean;
  identity: MaskedIdentity | null;
  fieldRef(el: HTMLElement | null): void;
  onFocus(): void;
  onChange(v: string): void;
}

/** One form field: prefilled (masked, filled in by the host), a select as large buttons, or typed with the kiosk's keyboard. */
export function FormFieldView({ f, value, problem, focused, identity, fieldRef, onFocus, onChange }: FieldViewProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const problemText = (f: FormField, p: FieldProblem) => (p ? t(`form.${p.key}`, { label: loc(f.label), ...(p.values ?? {}) }) : '');
  const id = `field-${f.name}`;
  const p = problem;
  const label = (
    <>
      {loc(f.label)}
      {!f.required && <span className="optional"> ({t('common.optional')})</span>}
    </>
  );
  if (f.prefill) {
    return (
      <div className="field" ref={fieldRef}>
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
        <output className="field-value prefilled" aria-labelledby={`${id}-label`} data-testid={id}>
          {prefillDisplay(f, identity, t('form.fromCard'))}
        </output>
      </div>
    );
  }
  if (f.kind === 'select') {
    return (
      <fieldset className="field" ref={fieldRef} aria-describedby={p ? `${id}-problem` : undefined}>
        <legend className="field-label">{label}</legend>
        <div className="choices" role="radiogroup" aria-label={loc(f.label)}>
          {f.options!.map((o) => {
            const on = value === o.value;
            return (
              <button key={o.value} type="button" role="radio" aria-checked={on} className={`choice${on ? ' choice-on' : ''}`} onClick={() => onChange(o.value)} data-testid={`${id}-${o.value}`}>
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
    <div className={`field${focused ? ' field-focus' : ''}`} ref={fieldRef}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input"
        value={value}
        inputMode="none"
        autoComplete="off"
        aria-invalid={p ? true : undefined}
        aria-describedby={[f.hint ? `${id}-hint` : '', p ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined}
        onFocus={onFocus}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
      {f.kind === 'uscc' && <UsccScanButton onCode={onChange} />}
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
}
