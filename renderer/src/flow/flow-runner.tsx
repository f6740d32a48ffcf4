import { lazy, Suspense, useMemo, type ComponentType } from 'react';
import type { ServiceDefinition, StepType } from '../../../contracts/service-definition.js';
import { IdleWarning } from '../components/idle-warning.js';
import { useLocalized } from '../i18n/localize.js';
import { FlowActionBar, FlowHead } from './flow-frame.js';
import { backTarget, createFlowMachine, type FlowExit } from './flow-machine.js';
import { ForwardSlot } from './forward-slot.js';
import type { StepProps } from './step-props.js';
import { useStepRunner } from './use-step-runner.js';
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
  const { loc } = useLocalized();
  const machine = useMemo(() => createFlowMachine(def), [def]);
  const { snapshot, send, setSlot, slot, index, step, idle, onBusy } = useStepRunner(machine, def.steps, idleTimeoutSec, idleWarningSec, onExit);
  if (!step) return null;

  const back = backTarget(def.steps, index);
  const Step = STEP_COMPONENTS[step.type] as ComponentType<StepProps<StepType>>;
  const goBack = () => send({ type: 'BACK' });
  const committed = snapshot.context.committed || !!snapshot.context.submission;
  return (
    <main className="screen flow" data-testid="flow" data-service={def.id} data-step={step.id} aria-label={loc(def.name)}>
      <FlowHead name={loc(def.name)} index={index} total={def.steps.length} secondsLeft={idle.secondsLeft} />
      <ForwardSlot.Provider value={slot}>
        <Suspense fallback={null}>
          <Step key={step.id} def={def} step={step} ctx={snapshot.context} next={(patch) => send({ type: 'NEXT', patch })} back={goBack} record={(patch) => send({ type: 'RECORD', patch })} onBusy={onBusy} phone={phone} />
        </Suspense>
      </ForwardSlot.Provider>
      <FlowActionBar navigation={step.type !== 'done'} committed={committed} finish={back.kind === 'finish'} goBack={goBack} cancel={() => send({ type: 'CANCEL' })} setSlot={setSlot} />
      {idle.warningLeft !== null && <IdleWarning secondsLeft={idle.warningLeft} onContinue={idle.extend} />}
    </main>
  );
}
