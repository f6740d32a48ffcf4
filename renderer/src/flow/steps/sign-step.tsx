import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../step-props.js';

/** Issue #15: not built yet (no service uses this step type). */
export function SignStep({ def, step }: StepProps<'sign'>) {
  const { loc } = useLocalized();
  return (
    <section tabIndex={0} className="step" data-testid="sign">
      <h1>{loc(step.title) || loc(def.name)}</h1>
    </section>
  );
}
