import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { pick, useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';
import { errorText } from '../error-text.js';
import { LICENSE_STRINGS } from './license-strings.js';
import { lookupLines } from './lookup-step.js';
import { Working } from './step-error.js';

/**
 * The A4 certificate offer of a print-receipt step with `document`: the lookup's result,
 * as on screen, printed on A4 by the document printer instead of (or as well as) the receipt roll.
 */
export function PrintDocumentOffer({ def, step, ctx, phone, onBusy }: Pick<StepProps<'print-receipt'>, 'def' | 'step' | 'ctx' | 'phone' | 'onBusy'>) {
  const { t } = useTranslation();
  const { locale } = useLocalized();
  const s = LICENSE_STRINGS[locale];
  const host = useHost();
  const [state, setState] = useState<{ k: 'idle' } | { k: 'printing' } | { k: 'done' } | { k: 'error'; error: unknown }>({ k: 'idle' });
  const lookupStep = def.steps.find((x) => x.id === step.lookupStep);
  const lookup = step.lookupStep ? ctx.lookups[step.lookupStep] : undefined;
  if (!step.document || lookupStep?.type !== 'lookup' || !lookup) return null;
  const title = step.document.title ? pick(step.document.title, 'zh-CN') : pick(def.name, 'zh-CN');
  const lines = lookupLines(lookupStep, lookup, 'zh-CN').slice(0, 60);

  const print = () => {
    setState({ k: 'printing' });
    onBusy(true);
    host
      .call('document.print', { serviceId: def.id, title, lines })
      .then(
        () => setState({ k: 'done' }),
        (error: unknown) => setState({ k: 'error', error }),
      )
      .finally(() => onBusy(false));
  };

  return (
    <div className="document-offer" data-testid="document-offer">
      {state.k === 'printing' && <Working text={s.a4Printing} />}
      {state.k === 'done' && (
        <p className="instruction" role="status" data-testid="a4-printed">
          <Icon name="printer" /> {s.a4Printed}
        </p>
      )}
      {state.k === 'error' && (
        <p className="error-text" role="alert" data-testid="a4-error">
          <Icon name="warning" /> {errorText(t, state.error, phone)}
        </p>
      )}
      {state.k !== 'printing' && state.k !== 'done' && (
        <div className="step-actions">
          <button type="button" className="btn btn-secondary btn-lg" onClick={print} data-testid="print-a4">
            <Icon name="printer" /> {s.a4}
          </button>
        </div>
      )}
    </div>
  );
}
