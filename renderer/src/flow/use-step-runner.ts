import { useMachine } from '@xstate/react';
import { useCallback, useEffect, useState } from 'react';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { useElderly } from '../elderly/elderly-context.js';
import { useIdle } from '../hooks/use-idle.js';
import { createFlowMachine, exitOf, type FlowExit } from './flow-machine.js';

/**
 * What a service's runner and a bundle's runner share: the flow machine over the steps, the step it
 * is on, the step's idle timeout (slower in elderly mode; paused while a device works), the slot the
 * step puts its forward button in, and leaving when the machine reaches an exit.
 */
export function useStepRunner(machine: ReturnType<typeof createFlowMachine>, steps: ServiceDefinition['steps'], idleTimeoutSec: number, idleWarningSec: number, onExit: (exit: FlowExit) => void) {
  const elderly = useElderly();
  const [snapshot, send] = useMachine(machine);
  const [busy, setBusy] = useState(false);
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  const stateId = String(snapshot.value);
  const exit = exitOf(stateId);

  useEffect(() => {
    if (exit) onExit(exit);
  }, [exit]);

  const index = steps.findIndex((s) => s.id === stateId);
  const step = index >= 0 ? steps[index]! : null;
  const timeoutSec = Math.round((step?.timeoutSec ?? idleTimeoutSec) * elderly.timeoutFactor);
  const idle = useIdle({
    enabled: !!step,
    paused: busy,
    timeoutSec,
    warningSec: idleWarningSec,
    onExpire: () => send({ type: 'TIMEOUT' }),
  });
  const onBusy = useCallback((b: boolean) => setBusy(b), []);
  return { snapshot, send, slot, setSlot, index, step, idle, onBusy };
}
