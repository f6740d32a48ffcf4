import { useTranslation } from 'react-i18next';
import type { LifeEvent, ServiceDefinition } from '../../../../contracts/service-definition.js';
import type { CatalogFilter } from '../../catalog/usage.js';
import { useLocalized } from '../../i18n/localize.js';

export interface FilterDialogProps {
  filter: CatalogFilter;
  /** Life events (一件事) the services name, offered first. */
  events: LifeEvent[];
  departments: ServiceDefinition['department'][];
  onChoose(filter: CatalogFilter): void;
  onClose(): void;
}

/** The one filter button's dialog: by life event or by department, or all services. */
export function FilterDialog({ filter, events, departments, onChoose, onClose }: FilterDialogProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  return (
    <div className="overlay" role="presentation">
      <div className="dialog filter-dialog" role="dialog" aria-modal="true" aria-labelledby="filter-title" data-testid="filter-dialog">
        <h2 id="filter-title">{t('catalog.byGroup')}</h2>
        <div className="filter-groups scrolls">
          {events.length > 0 && (
            <section aria-labelledby="filter-events">
              <h3 id="filter-events">{t('catalog.byLifeEvent')}</h3>
              <div className="filter-grid">
                {events.map((e) => (
                  <button key={e} type="button" className={`chip${filter.kind === 'event' && filter.id === e ? ' chip-on' : ''}`} onClick={() => onChoose({ kind: 'event', id: e })} data-testid={`event-${e}`}>
                    {t(`lifeEvents.${e}`)}
                  </button>
                ))}
              </div>
            </section>
          )}
          <section aria-labelledby="filter-depts">
            <h3 id="filter-depts">{t('catalog.byDepartment')}</h3>
            <div className="filter-grid">
              {departments.map((d) => (
                <button key={d.id} type="button" className={`chip${filter.kind === 'department' && filter.id === d.id ? ' chip-on' : ''}`} onClick={() => onChoose({ kind: 'department', id: d.id })} data-testid={`dept-${d.id}`}>
                  {loc(d.name)}
                </button>
              ))}
            </div>
          </section>
        </div>
        <div className="step-actions">
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => onChoose({ kind: 'all' })} data-testid="filter-all">
            {t('catalog.allServices')}
          </button>
          <button type="button" className="btn btn-primary btn-lg" onClick={onClose} data-testid="filter-close">
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
