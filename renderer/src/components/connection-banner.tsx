import { useTranslation } from 'react-i18next';
import { useRecoveryFailed } from './host-unreachable-screen.js';

/**
 * Shown while the host is unreachable (restarting): blocks input so nothing is half-done. Once
 * recovery is taken as failed the out-of-service screen replaces it: one dialog, never two stacked.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const failed = useRecoveryFailed();
  if (failed) return null;
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
