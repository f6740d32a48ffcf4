import type { ServiceDefinition, StepOf, StepType } from '../../../contracts/service-definition.js';
import type { FlowContext, FlowEvent } from './flow-machine.js';

/** What every step component gets from the flow runner. */
export interface StepProps<T extends StepType> {
  def: ServiceDefinition;
  step: StepOf<T>;
  ctx: FlowContext;
  /** The step is finished; `patch` is merged into the flow's context. */
  next(patch?: Extract<FlowEvent, { type: 'NEXT' }>['patch']): void;
  back(): void;
  /** Keep what this step issued (a ticket) in the flow's context now, without moving on. */
  record(patch: Extract<FlowEvent, { type: 'RECORD' }>['patch']): void;
  /** A device operation is running: the idle countdown pauses. */
  onBusy(busy: boolean): void;
  /** Maintenance phone from the config, for error texts. */
  phone: string;
}
