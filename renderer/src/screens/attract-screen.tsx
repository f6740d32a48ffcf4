import { useTranslation } from 'react-i18next';
import { Icon } from '../icons/icons.js';
import { CATALOG } from '../services.js';

/** The idle screen: says what can be done here; any touch starts. */
export function AttractScreen({ onStart }: { onStart(): void }) {
  const { t } = useTranslation();
  return (
    <main className="attract" onClick={onStart} data-testid="attract">
      <h1 className="attract-title">{t('app.title')}</h1>
      <p className="attract-sub">{t('attract.subtitle')}</p>
      <section className="attract-list" aria-label={t('attract.canDo')}>
        <h2>{t('attract.canDo')}</h2>
        <ul>
          {CATALOG.map((s) => (
            <li key={s.id}>
              <span aria-hidden="true"><Icon name={s.icon} /></span> {t(`services.${s.id}.name`)}
            </li>
          ))}
        </ul>
      </section>
      <button type="button" className="btn btn-primary btn-xl attract-start" data-testid="start">
        {t('attract.touchToStart')}
      </button>
    </main>
  );
}
