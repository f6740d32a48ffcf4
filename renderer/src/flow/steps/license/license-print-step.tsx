import { Icon } from '../../../icons/icons.js';
import { useLocalized } from '../../../i18n/localize.js';
import type { StepProps } from '../../step-props.js';
import { LICENSE_STRINGS } from './license-strings.js';
import { useLicensePrint } from './use-license-print.js';
import { Working, NextAction } from '../step-error.js';

/**
 * Original (正本, A3) or duplicate (副本, A4) and how many; the host checks the document printer,
 * prints with this kiosk's calibration, records the print for the registry and prints a receipt.
 */
export function LicensePrintStep({ def, step, ctx, next, onBusy }: StepProps<'license-print'>) {
  const { locale } = useLocalized();
  const s = LICENSE_STRINGS[locale];
  const { allowed, copy, setCopy, copies, setCopies, phase, setPhase, max, print, errorWords } = useLicensePrint(def.id, step.lookupStep, ctx, onBusy, s);

  return (
    <section tabIndex={0} className="step step-license-print" data-testid="license-print">
      <h1>{s.printTitle}</h1>
      {phase.k === 'choose' && (
        <>
          <div className="step-actions" role="radiogroup" aria-label={s.printTitle}>
            {(['original', 'duplicate'] as const).map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={copy === c}
                className={`btn btn-lg ${copy === c ? 'btn-primary' : 'btn-secondary'}`}
                disabled={allowed[c] === 0}
                data-testid={`copy-${c}`}
                onClick={() => {
                  setCopy(c);
                  setCopies(1);
                }}
              >
                {s.copyLabel[c]} · {s.upTo(allowed[c])}
              </button>
            ))}
          </div>
          {max > 1 && (
            <div className="step-actions" aria-label={s.copies}>
              <button type="button" className="btn btn-secondary btn-lg" aria-label={s.fewer} disabled={copies <= 1} onClick={() => setCopies(copies - 1)} data-testid="copies-minus">
                −
              </button>
              <span className="instruction" data-testid="copies">
                {s.copies} {copies}
              </span>
              <button type="button" className="btn btn-secondary btn-lg" aria-label={s.more} disabled={copies >= max} onClick={() => setCopies(copies + 1)} data-testid="copies-plus">
                +
              </button>
            </div>
          )}
          <div className="step-actions">
            <button type="button" className="btn btn-primary btn-lg" disabled={max === 0} onClick={print} data-testid="print-license">
              <Icon name="printer" /> {s.print}
            </button>
          </div>
        </>
      )}
      {phase.k === 'printing' && <Working text={s.printing} />}
      {phase.k === 'error' && (
        <div className="step-error">
          <p className="error-text" role="alert" data-testid="license-print-error">
            <Icon name="warning" /> {errorWords(phase.error)}
          </p>
          <div className="step-actions">
            <button type="button" className="btn btn-secondary btn-lg" onClick={() => setPhase({ k: 'choose' })} data-testid="choose-again">
              {s.chooseAgain}
            </button>
            <button type="button" className="btn btn-primary btn-lg" onClick={print} data-testid="retry">
              {s.retry}
            </button>
          </div>
        </div>
      )}
      {phase.k === 'done' && (
        <>
          <p className="instruction big-prompt" role="status" data-testid="license-printed">
            <Icon name="printer" /> {s.printed(phase.result.copy, phase.result.copies)}
          </p>
          <p className="instruction" data-testid={phase.result.receipt.printed ? 'license-receipt' : 'license-receipt-failed'}>
            {phase.result.receipt.printed ? s.receiptPrinted : s.receiptNot}
          </p>
          <NextAction onNext={() => next()} label={s.next} />
        </>
      )}
    </section>
  );
}
