import { useTranslation } from 'react-i18next';

export function IdleWarning({ secondsLeft, onContinue }: { secondsLeft: number; onContinue(): void }) {
  const { t } = useTranslation();
  return (
    // Any tap on the overlay means "I am still here" (the tap completes on the overlay itself).
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" data-testid="idle-warning" onClick={onContinue}>
      <div className="dialog">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p className="countdown-big" aria-live="assertive">
          {t('common.secondsLeft', { count: secondsLeft })}
        </p>
        <p>{t('idle.body', { count: secondsLeft })}</p>
        <button type="button" className="btn btn-primary btn-xl" onClick={onContinue} data-testid="idle-continue">
          {t('idle.continue')}
        </button>
      </div>
    </div>
  );
}
