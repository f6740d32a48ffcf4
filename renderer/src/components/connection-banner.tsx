import { useTranslation } from 'react-i18next';

/** Shown while the host is unreachable (restarting): blocks input so nothing is half-done. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="status" aria-live="polite" data-testid="connection-lost">
      <div className="dialog">
        <div className="spinner" aria-hidden="true" />
        <h2>{t('connection.lost')}</h2>
        <p>{t('connection.lostBody')}</p>
      </div>
    </div>
  );
}
