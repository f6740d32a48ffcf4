import { Suspense, useMemo, useState, type ComponentType } from 'react';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import { buildMergedForm } from '../../../contracts/bundle-form.js';
import type { FieldGroupDef } from '../../../contracts/data-dictionary.js';
import type { ServiceDefinition, StepType } from '../../../contracts/service-definition.js';
import { IdleWarning } from '../components/idle-warning.js';
import { useLocalized } from '../i18n/localize.js';
import { FlowActionBar, FlowHead } from '../flow/flow-frame.js';
import { backTarget, createFlowMachine, type FlowExit } from '../flow/flow-machine.js';
import { ForwardSlot } from '../flow/forward-slot.js';
import type { StepProps } from '../flow/step-props.js';
import { useStepRunner } from '../flow/use-step-runner.js';
import { OptionalIdentifyStep } from '../flow/steps/identity/optional-identify-step.js';
import { SignStep } from '../flow/steps/sign/sign-step.js';
import { VerifyFaceStep } from '../flow/steps/face/verify-face-step.js';
import { BundleContext } from './bundle-context.js';
import { bundlePlan, type BundleStepId } from './bundle-plan.js';
import { useBundleState } from './use-bundle-state.js';
import { BundleChooseStep } from './steps/bundle-choose-step.js';
import { BundleConfirmStep } from './steps/bundle-confirm-step.js';
import { BundleFormStep } from './steps/bundle-form-step.js';
import { BundleMaterialsStep } from './steps/bundle-materials-step.js';
import { BundleReceiptStep } from './steps/bundle-receipt-step.js';
import { BundleSubmitStep } from './steps/bundle-submit-step.js';

type AnyStep = ComponentType<StepProps<StepType>>;
/** Each step id's component; the plan gives each step the type its component takes (bundle-plan.ts). */
const STEPS: Record<Exclude<BundleStepId, 'face' | 'sign'>, AnyStep> = {
  identify: OptionalIdentifyStep as AnyStep,
  choose: BundleChooseStep as AnyStep,
  form: BundleFormStep as AnyStep,
  materials: BundleMaterialsStep as AnyStep,
  confirm: BundleConfirmStep as AnyStep,
  submit: BundleSubmitStep as AnyStep,
  receipt: BundleReceiptStep as AnyStep,
};

export interface BundleRunnerProps {
  bundle: BundleDefinition;
  services: ServiceDefinition[];
  groups: readonly FieldGroupDef[];
  idleTimeoutSec: number;
  idleWarningSec: number;
  phone: string;
  onExit(exit: FlowExit): void;
}

/**
 * Runs a life-event bundle (一件事): one identify, the members to include, ONE merged form, one
 * materials step, one face check and one signature where a member needs them, one confirm page by
 * department, ONE submission and one receipt. The same state machine, action bar and idle timeout
 * as a single service (flow-runner.tsx); the face and signature steps are the services' own.
 */
export function BundleRunner({ bundle, services, groups, idleTimeoutSec, idleWarningSec, phone, onExit }: BundleRunnerProps) {
  const { loc } = useLocalized();
  const all = useMemo(() => buildMergedForm(bundle, services, { groups }), [bundle, services, groups]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(bundle.members.filter((m) => m.optional).map((m) => m.service)));
  const form = useMemo(() => buildMergedForm(bundle, services, { groups, chosen }), [bundle, services, groups, chosen]);
  // The step list never changes during a visit (see bundle-plan.ts): built from every member.
  const plan = useMemo(() => bundlePlan(all, bundle.name, bundle.description), [all, bundle]);
  const machine = useMemo(() => createFlowMachine(plan), [plan]);
  const { snapshot, send, setSlot, slot, index, step, idle, onBusy } = useStepRunner(machine, plan.steps, idleTimeoutSec, idleWarningSec, onExit);
  const { state, result, backHandler } = useBundleState({ form, all, services, groups, chosen, setChosen }, send);
  if (!step) return null;

  const id = step.id as BundleStepId;
  // The face check and the signature are the member services' own steps, run once for all members.
  const memberDef = id === 'face' && form.face ? services.find((s) => s.id === form.face!.serviceId)! : id === 'sign' && form.sign ? services.find((s) => s.id === form.sign!.serviceId)! : plan;
  const memberStep = id === 'face' && form.face ? form.face.step : id === 'sign' && form.sign ? form.sign.step : step;
  const Step = id === 'face' ? (VerifyFaceStep as AnyStep) : id === 'sign' ? (SignStep as AnyStep) : STEPS[id];
  const back = backTarget(plan.steps, index);
  const goBack = () => {
    if (backHandler.current?.()) return;
    send({ type: 'BACK' });
  };
  const committed = snapshot.context.committed || !!result;
  return (
    <BundleContext.Provider value={state}>
      <main className="screen flow bundle-flow" data-testid="flow" data-bundle={bundle.id} data-step={step.id} aria-label={loc(bundle.name)}>
        <FlowHead name={loc(bundle.name)} index={index} total={plan.steps.length} secondsLeft={idle.secondsLeft} />
        <ForwardSlot.Provider value={slot}>
          <Suspense fallback={null}>
            <Step
              key={step.id}
              def={memberDef}
              step={memberStep}
              ctx={snapshot.context}
              next={(patch) => {
                backHandler.current = null;
                send({ type: 'NEXT', patch });
              }}
              back={goBack}
              record={(patch) => send({ type: 'RECORD', patch })}
              onBusy={onBusy}
              phone={phone}
            />
          </Suspense>
        </ForwardSlot.Provider>
        <FlowActionBar navigation committed={committed} finish={back.kind === 'finish'} goBack={goBack} cancel={() => send({ type: 'CANCEL' })} setSlot={setSlot} />
        {idle.warningLeft !== null && <IdleWarning secondsLeft={idle.warningLeft} onContinue={idle.extend} />}
      </main>
    </BundleContext.Provider>
  );
}
