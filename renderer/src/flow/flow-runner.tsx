import { useMachine } from '@xstate/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceDefinition, StepType } from '../../../contracts/service-definition.js';
import { IdleWarning } from '../components/idle-warning.js';
import { useElderly } from '../elderly/elderly-context.js';
import { useIdle } from '../hooks/use-idle.js';
import { useLocalized } from '../i18n/localize.js';
import { backTarget, createFlowMachine, exitOf, type FlowExit } from './flow-machine.js';
import { ForwardSlot } from './forward-slot.js';
import type { StepProps } from './step-props.js';
import { ConfirmStep } from './steps/confirm-step.js';
import { DoneStep } from './steps/done-step.js';
import { EvaluateStep } from './steps/evaluate-step.js';
import { FormStep } from './steps/form-step.js';
import { LookupStep } from './steps/lookup-step.js';
import { NoticeStep } from './steps/notice-step.js';
import { PrintReceiptStep } from './steps/print/print-receipt-step.js';
import { PrintTicketStep } from './steps/print/print-ticket-step.js';
import { SubmitStep } from './steps/submit-step.js';
import { LicenseLookupStep } from './steps/license/license-lookup-step.js';
import { LicensePrintStep } from './steps/license/license-print-step.js';
import { OptionalIdentifyStep } from './steps/identity/optional-identify-step.js';
import { SignStep } from './steps/sign/sign-step.js';
import { VerifyFaceStep } from './steps/face/verify-face-step.js';
import { CaptureDocumentsStep } from './steps/materials/capture-documents-step.js';
import { CaseStatusStep } from './steps/case-status-step.js';
import { PrintIdCopyStep } from './steps/materials/print-id-copy-step.js';

// The policy calculator brings a rule engine (CEL): loaded only when a calculate step is reached.
const CalculateStep = lazy(() => import('./steps/calculate-step.js').then((m) => ({ default: m.CalculateStep })));

const STEP_COMPONENTS: { [T in StepType]: ComponentType<StepProps<T>> } = {
  // The optional-identify wrapper shows the ordinary identify step unchanged unless the step is `optional`.
  identify: OptionalIdentifyStep,
  form: FormStep,
  notice: NoticeStep,
  confirm: ConfirmStep,
  lookup: LookupStep,
  submit: SubmitStep,
  'print-receipt': PrintReceiptStep,
  'print-ticket': PrintTicketStep,
  evaluate: EvaluateStep,
  done: DoneStep,
  'license-lookup': LicenseLookupStep,
  'license-print': LicensePrintStep,
  calculate: CalculateStep,
  'verify-face': VerifyFaceStep,
  sign: SignStep,
  'capture-documents': CaptureDocumentsStep,
  'case-status': CaseStatusStep,
  'print-id-copy': PrintIdCopyStep,
};

export interface FlowRunnerProps {
  def: ServiceDefinition;
  /** The hall's idle timeout (config), used for steps that set none. */
  idleTimeoutSec: number;
  idleWarningSec: number;
  phone: string;
  /** The flow ended; the app wipes the session and leaves the service. */
  onExit(exit: FlowExit): void;
}

/**
 * Runs any service definition: the state machine decides the step, this shows it with "back" and
 * "cancel", and counts the step's idle timeout (slower in elderly mode; paused while a device works).
 */
export function FlowRunner({ def, idleTimeoutSec, idleWarningSec, phone, onExit }: FlowRunnerProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  const machine = useMemo(() => createFlowMachine(def), [def]);
  const [snapshot, send] = useMachine(machine);
  const [busy, setBusy] = useState(false);
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  const stateId = String(snapshot.value);
  const exit = exitOf(stateId);

  useEffect(() => {
    if (exit) onExit(exit);
  }, [exit]);

  const index = def.steps.findIndex((s) => s.id === stateId);
  const step = index >= 0 ? def.steps[index]! : null;
  const timeoutSec = Math.round((step?.timeoutSec ?? idleTimeoutSec) * elderly.timeoutFactor);
  const idle = useIdle({
    enabled: !!step,
    paused: busy,
    timeoutSec,
    warningSec: idleWarningSec,
    onExpire: () => send({ type: 'TIMEOUT' }),
  });
  const onBusy = useCallback((b: boolean) => setBusy(b), []);
  if (!step) return null;

  const back = backTarget(def.steps, index);
  const Step = STEP_COMPONENTS[step.type] as ComponentType<StepProps<StepType>>;
  const goBack = () => send({ type: 'BACK' });
  const committed = snapshot.context.committed || !!snapshot.context.submission;
  return (
    <main className="screen flow" data-testid="flow" data-service={def.id} data-step={step.id} aria-label={loc(def.name)}>
      <div className="flow-head">
        <span className="flow-service">{loc(def.name)}</span>
        <span className="flow-progress">{t('flow.stepOf', { n: index + 1, total: def.steps.length })}</span>
        {idle.secondsLeft !== null && (
          <span className="flow-timer" data-testid="step-timer">
            {t('flow.timeLeft', { count: idle.secondsLeft })}
          </span>
        )}
      </div>
      <ForwardSlot.Provider value={slot}>
        <Suspense fallback={null}>
          <Step key={step.id} def={def} step={step} ctx={snapshot.context} next={(patch) => send({ type: 'NEXT', patch })} back={goBack} record={(patch) => send({ type: 'RECORD', patch })} onBusy={onBusy} phone={phone} />
        </Suspense>
      </ForwardSlot.Provider>
      {/* Always on screen, below the step and its keyboard: back and cancel on the left, the step's way forward on the right. */}
      <nav className="bottom-bar flow-actions" aria-label={t('flow.actions')}>
        {step.type !== 'done' && (
          <>
            {/* After a submission "back" would only finish, like "return to start" beside it: one button, not two alike. */}
            {!(committed && back.kind === 'finish') && (
              <button type="button" className="btn btn-secondary btn-lg" onClick={goBack} data-testid="back">
                {back.kind === 'finish' ? t('flow.finish') : t('flow.back')}
              </button>
            )}
            {/* Once something is stored or issued, leaving does not withdraw it: say "leave", not "cancel". */}
            {committed ? (
              <button type="button" className="btn btn-secondary btn-lg" onClick={() => send({ type: 'CANCEL' })} aria-label={t('flow.leaveLabel')} data-testid="cancel">
                {t('flow.leave')}
              </button>
            ) : (
              <button type="button" className="btn btn-secondary btn-lg" onClick={() => send({ type: 'CANCEL' })} aria-label={t('flow.cancelLabel')} data-testid="cancel">
                {t('flow.cancel')}
              </button>
            )}
          </>
        )}
        <div className="forward-slot" ref={setSlot} data-testid="forward-slot" />
      </nav>
      {idle.warningLeft !== null && <IdleWarning secondsLeft={idle.warningLeft} onContinue={idle.extend} />}
    </main>
  );
}
