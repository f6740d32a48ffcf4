import { useTranslation } from 'react-i18next';

/** Above the step: the service's (or bundle's) name, which step of how many, and the seconds left when the idle warning nears. */
export function FlowHead({ name, index, total, secondsLeft }: { name: string; index: number; total: number; secondsLeft: number | null }) {
  const { t } = useTranslation();
  return (
    <div className="flow-head">
      <span className="flow-service">{name}</span>
      <span className="flow-progress">{t('flow.stepOf', { n: index + 1, total })}</span>
      {secondsLeft !== null && (
        <span className="flow-timer" data-testid="step-timer">
          {t('flow.timeLeft', { count: secondsLeft })}
        </span>
      )}
    </div>
  );
}

interface ActionBarProps {
  /** Back and cancel are offered (not on a service's done step). */
  navigation: boolean;
  /** Something is stored or issued: leaving does not withdraw it. */
  committed: boolean;
  /** "Back" from here leaves the flow (the first step). */
  finish: boolean;
  goBack(): void;
  cancel(): void;
  setSlot(el: HTMLElement | null): void;
}

/** Always on screen, below the step and its keyboard: back and cancel on the left, the step's way forward (forward-slot.tsx) on the right. */
export function FlowActionBar({ navigation, committed, finish, goBack, cancel, setSlot }: ActionBarProps) {
  const { t } = useTranslation();
  return (
    <nav className="bottom-bar flow-actions" aria-label={t('flow.actions')}>
      {navigation && (
        <>
          {/* After a submission "back" would only finish, like "return to start" beside it: one button, not two alike. */}
          {!(committed && finish) && (
            <button type="button" className="btn btn-secondary btn-lg" onClick={goBack} data-testid="back">
              {finish ? t('flow.finish') : t('flow.back')}
            </button>
          )}
          {/* Once something is stored or issued, leaving does not withdraw it: say "leave", not "cancel". */}
          {committed ? (
            <button type="button" className="btn btn-secondary btn-lg" onClick={cancel} aria-label={t('flow.leaveLabel')} data-testid="cancel">
              {t('flow.leave')}
            </button>
          ) : (
            <button type="button" className="btn btn-secondary btn-lg" onClick={cancel} aria-label={t('flow.cancelLabel')} data-testid="cancel">
              {t('flow.cancel')}
            </button>
          )}
        </>
      )}
      <div className="forward-slot" ref={setSlot} data-testid="forward-slot" />
    </nav>
  );
}
