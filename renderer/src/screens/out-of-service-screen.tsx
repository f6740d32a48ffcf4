import { useTranslation } from 'react-i18next';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { Unavailable } from '../catalog/availability.js';
import { Icon } from '../icons/icons.js';
import { useLocalized } from '../i18n/localize.js';

/** A service cannot run now: names what is unavailable; the rest of the catalog stays usable. */
export function OutOfServiceScreen({ def, reasons, phone, onBack }: { def: ServiceDefinition; reasons: Unavailable[]; phone: string; onBack(): void }) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  return (
    <main className="screen out-of-service" data-testid="out-of-service">
      <h1>
        <Icon name="warning" /> {t('outOfService.title', { name: loc(def.name) })}
      </h1>
      <p className="instruction">{t('outOfService.body')}</p>
      <ul className="unavailable-list" data-testid="unavailable">
        {reasons.map((r) => (
          <li key={r.kind === 'device' ? r.device : r.kind}>
            {r.kind === 'device' ? t(`outOfService.device.${r.device}`) : r.kind === 'hours' ? t('outOfService.hours', { from: r.from, to: r.to }) : t('outOfService.network')}
          </li>
        ))}
      </ul>
      <p className="instruction">{t('outOfService.other', { phone })}</p>
      <nav className="bottom-bar">
        <button type="button" className="btn btn-primary btn-lg" onClick={onBack} data-testid="back">
          {t('common.back')}
        </button>
      </nav>
    </main>
  );
}
