import { useTranslation } from 'react-i18next';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { Icon } from '../icons/icons.js';
import { useLocalized } from '../i18n/localize.js';

/** The attract screen names the first few services (most used first) and counts the rest, so it never scrolls. */
const SHOWN = 8;

/** The idle screen: says what can be done here; any touch starts. */
export function AttractScreen({ services, onStart }: { services: ServiceDefinition[]; onStart(): void }) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  return (
    <main className="attract" onClick={onStart} data-testid="attract">
      <h1 className="attract-title">{t('app.title')}</h1>
      <p className="attract-sub">{t('attract.subtitle')}</p>
      <section className="attract-list" aria-labelledby="attract-can-do">
        <h2 id="attract-can-do">{t('attract.canDo')}</h2>
        <ul>
          {services.slice(0, SHOWN).map((s) => (
            <li key={s.id}>
              <span aria-hidden="true">
                <Icon name={s.icon} />
              </span>{' '}
              {loc(s.name)}
            </li>
          ))}
        </ul>
        {services.length > SHOWN && (
          <p className="attract-more" data-testid="attract-more">
            {t('attract.more', { count: services.length - SHOWN })}
          </p>
        )}
      </section>
      <button type="button" className="btn btn-primary btn-xl attract-start" data-testid="start">
        {t('attract.touchToStart')}
      </button>
    </main>
  );
}
