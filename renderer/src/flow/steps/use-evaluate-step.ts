import { useState } from 'react';
import { useHost } from '../../host/host-context.js';
import type { StepProps } from '../step-props.js';

export const LEVELS = [5, 4, 3, 2, 1] as const;

/** The evaluation's state: the chosen level, the reasons of a low one, and sending it. */
export function useEvaluateStep(serviceId: string, ctx: StepProps<'evaluate'>['ctx']) {
  const host = useHost();
  const [rating, setRating] = useState<number | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [phase, setPhase] = useState<{ k: 'choose' } | { k: 'sending' } | { k: 'error'; e: unknown } | { k: 'thanks' }>({ k: 'choose' });

  const send = (r: number, why: string[]) => {
    setPhase({ k: 'sending' });
    host.call('evaluation.submit', { serviceId: serviceId, caseId: ctx.submission?.id ?? ctx.ticket?.number ?? null, rating: r, reasons: why }).then(
      () => setPhase({ k: 'thanks' }),
      (e: unknown) => setPhase({ k: 'error', e }),
    );
  };
  const choose = (r: number) => {
    // Tapping the chosen low rating again reopens all five levels.
    if (r === rating && r <= 2) {
      setRating(null);
      setReasons([]);
      return;
    }
    setRating(r);
    if (r >= 3) send(r, []);
  };
  return { rating, reasons, setReasons, phase, send, choose };
}
