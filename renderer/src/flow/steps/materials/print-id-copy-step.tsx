import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_COPY_PURPOSE_MAX, idCopyWatermark } from '../../../../../contracts/materials.js';
import { useHost } from '../../../host/host-context.js';
import { Icon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import type { KeyboardMode } from '../../../keyboard/on-screen-keyboard.js';
import { errorText } from '../../error-text.js';
import { ForwardActions } from '../../forward-slot.js';
import type { StepProps } from '../../step-props.js';
import { Working } from '../step-error.js';
import './id-copy.css';

// The keyboard (simple-keyboard and its pinyin dictionary) loads only when someone types their own purpose.
const OnScreenKeyboard = lazy(() => import('../../../keyboard/on-screen-keyboard.js').then((m) => ({ default: m.OnScreenKeyboard })));

type Phase = { k: 'choosing' } | { k: 'printing' } | { k: 'error'; error: unknown };

/**
 * The ID card copy's purpose and print: large buttons for the service's purposes and "other" (typed
 * on the kiosk's keyboard), the line as it will be printed ("仅供…使用"), and print. The line is
 * always in Chinese (the copy is handed to a Chinese office); the buttons follow the screen's language.
 */
export function PrintIdCopyStep({ def, step, next, phone, onBusy }: StepProps<'print-id-copy'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const host = useHost();
  const [chosen, setChosen] = useState<number | 'other' | null>(null);
  const [own, setOwn] = useState('');
  const [mode, setMode] = useState<KeyboardMode>('pinyin');
  const [phase, setPhase] = useState<Phase>({ k: 'choosing' });

  const purpose = chosen === null ? '' : chosen === 'other' ? own : step.purposes[chosen]!['zh-CN'];
  const watermark = purpose ? idCopyWatermark(purpose) : null;
  const ownInvalid = chosen === 'other' && own.trim() !== '' && !watermark;

  const print = () => {
    if (!watermark || phase.k === 'printing') return;
    setPhase({ k: 'printing' });
    onBusy(true);
    host
      .call('materials.printIdCopy', { serviceId: def.id, stepId: step.id, purpose })
      .then(
        () => next(),
        (error: unknown) => setPhase({ k: 'error', error }),
      )
      .finally(() => onBusy(false));
  };

  const typing = chosen === 'other' && phase.k !== 'printing';
  return (
    <section tabIndex={0} className={`step step-id-copy${typing ? ' with-keyboard' : ''}`} data-testid="id-copy">
      <h1>{loc(step.title) || loc(def.name)}</h1>
      <div className="id-copy-body scrolls">
        <p className="instruction">{t('idCopy.choose')}</p>
        <div className="choices id-copy-purposes" role="radiogroup" aria-label={t('idCopy.purpose')}>
          {step.purposes.map((p, i) => (
            <button key={i} type="button" role="radio" aria-checked={chosen === i} className={`choice${chosen === i ? ' choice-on' : ''}`} onClick={() => setChosen(i)} disabled={phase.k === 'printing'} data-testid={`id-copy-purpose-${i}`}>
              {chosen === i && <Icon name="check" />} {loc(p)}
            </button>
          ))}
          <button type="button" role="radio" aria-checked={chosen === 'other'} className={`choice${chosen === 'other' ? ' choice-on' : ''}`} onClick={() => setChosen('other')} disabled={phase.k === 'printing'} data-testid="id-copy-purpose-other">
            {chosen === 'other' && <Icon name="check" />} {t('idCopy.other')}
          </button>
        </div>
        {chosen === 'other' && (
          <div className="field field-focus">
            <label className="field-label" htmlFor="id-copy-own">
              {t('idCopy.ownLabel', { max: ID_COPY_PURPOSE_MAX })}
            </label>
            <input id="id-copy-own" className="field-input" value={own} inputMode="none" autoComplete="off" maxLength={ID_COPY_PURPOSE_MAX} aria-invalid={ownInvalid || undefined} onChange={(e) => setOwn(e.target.value)} data-testid="id-copy-own" />
            {ownInvalid && (
              <p className="field-problem" role="alert">
                <Icon name="warning" /> {t('idCopy.ownInvalid', { max: ID_COPY_PURPOSE_MAX })}
              </p>
            )}
          </div>
        )}
        <p className="id-copy-preview" aria-live="polite" data-testid="id-copy-preview">
          {watermark ? t('idCopy.preview', { line: watermark }) : t('idCopy.noPurpose')}
        </p>
        {phase.k === 'printing' && <Working text={t('idCopy.printing')} />}
        {phase.k === 'error' && (
          <p className="error-text" role="alert" data-testid="step-error">
            <Icon name="warning" /> {errorText(t, phase.error, phone)}
          </p>
        )}
      </div>
      {typing && (
        <Suspense fallback={null}>
          <OnScreenKeyboard mode={mode} onModeChange={setMode} value={own} onChange={(v) => setOwn(v.slice(0, ID_COPY_PURPOSE_MAX))} maxLength={ID_COPY_PURPOSE_MAX} />
        </Suspense>
      )}
      <ForwardActions>
        <button type="button" className="btn btn-primary btn-lg" onClick={print} disabled={!watermark || phase.k === 'printing'} data-testid="id-copy-print">
          <Icon name="printer" /> {t('idCopy.print')}
        </button>
      </ForwardActions>
    </section>
  );
}
