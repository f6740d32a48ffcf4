import type { MaskedIdentity } from '../../../../../contracts/devices.js';
import { useTranslation } from 'react-i18next';
import { Icon, IdCardIcon } from '../../../icons/icons.js';
import { ForwardActions } from '../../forward-slot.js';
import type { StepProps } from '../../step-props.js';
import { useIdentifyStep, type IdentifyState } from './use-identify-step.js';

/**
 * Identify by ID card, social security card or the citizen's e-government QR code, whichever the
 * step accepts and comes first (state in use-identify-step.ts). The identity on screen is masked.
 */
export function IdentifyStep(props: StepProps<'identify'>) {
  const s = useIdentifyStep(props);
  const { phase } = s;
  return (
    <section tabIndex={0} className="step step-identify" data-testid="identify">
      {phase.k === 'waiting' && <Waiting s={s} />}
      {phase.k === 'done' && <Identified s={s} id={phase.id} onNext={() => props.next({ identity: phase.id, identifiedBy: phase.by })} />}
      {phase.k === 'error' && <Failed s={s} message={phase.message} />}
    </section>
  );
}

function Waiting({ s }: { s: IdentifyState }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{s.title}</h1>
      <div className="card-slot" aria-hidden="true">
        {s.withIdCard && (
          <div className="card-anim">
            <IdCardIcon />
          </div>
        )}
        {s.withSs && (
          <div className="card-anim sscard-anim" data-testid="sscard-slot">
            <Icon name="sscard" />
          </div>
        )}
        {s.method !== 'idcard' && (
          <div className="card-anim qr-anim">
            <Icon name="qrcode" />
          </div>
        )}
      </div>
      {s.askToLift && (
        <p className="warning warning-strong" role="alert" data-testid="remove-card">
          <Icon name="warning" /> {t('identifyStep.removeCard')}
        </p>
      )}
      {(s.withIdCard || s.method === 'qr') && <p className="instruction">{s.method === 'qr' ? t('identifyStep.instructionQr') : t('identifyStep.instructionIdcard')}</p>}
      {s.withSs && <p className="instruction">{t('identifyStep.instructionSscard')}</p>}
      {s.ssProblem && (
        <p className="error-text" role="alert" data-testid="sscard-problem">
          <Icon name="warning" /> {s.ssProblem}
        </p>
      )}
      {s.method === 'either' && <p className="instruction">{t('identifyStep.instructionQr')}</p>}
      {s.qrProblem && (
        <p className="error-text" role="alert" data-testid="identify-error">
          <Icon name="warning" /> {s.qrProblem}
        </p>
      )}
      <p className="countdown" data-testid="read-countdown">
        {t('common.timeLeft', { count: s.left })}
      </p>
    </>
  );
}

function Identified({ s, id, onNext }: { s: IdentifyState; id: MaskedIdentity; onNext: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="ok-title">
        <Icon name="check" /> {t('identifyStep.identified')}
      </h1>
      <dl className="identity" data-testid="identity">
        <dt>{t('identify.cardType')}</dt>
        <dd>{t(`identify.cardTypes.${id.cardType}`)}</dd>
        <dt>{t('identify.name')}</dt>
        <dd data-testid="masked-name">{id.maskedName}</dd>
        <dt>{t('identify.idNumber')}</dt>
        <dd data-testid="masked-id">{id.maskedIdNumber}</dd>
      </dl>
      {id.warnings.map((w) => (
        <p key={w} className="warning" role="alert">
          {t(`identify.warnings.${w}`, { defaultValue: w })}
        </p>
      ))}
      <ForwardActions>
        <button type="button" className="btn btn-secondary btn-lg" onClick={s.again} data-testid="identify-again">
          {t('identifyStep.again')}
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={onNext} data-testid="next">
          {t('flow.next')}
        </button>
      </ForwardActions>
    </>
  );
}

function Failed({ s, message }: { s: IdentifyState; message: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{s.title}</h1>
      <p className="error-text" role="alert" data-testid="identify-error">
        <Icon name="warning" /> {message}
      </p>
      <button type="button" className="btn btn-primary btn-xl" onClick={s.retry} data-testid="retry">
        {t('common.retry')}
      </button>
    </>
  );
}
